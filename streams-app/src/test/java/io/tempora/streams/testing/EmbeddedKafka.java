package io.tempora.streams.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running in this JVM on 127.0.0.1,
 * for integration tests and the demo.
 *
 * <p>Kafka's own test kit does not run from Maven Central at 4.4.0, so this formats a fresh log directory
 * with {@link Formatter} (what {@code kafka-storage.sh format} does) and starts {@link KafkaRaftServer},
 * the class {@code kafka-server-start.sh} runs. Internal topics have one replica; transactions work, so
 * exactly-once applications run against it unchanged.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final int NODE_ID = 1;
    private static final String HOST = "127.0.0.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** The file the formatter writes into a log directory: its presence means the directory is formatted. */
    private static final String META_PROPERTIES = "meta.properties";

    private final Path logDir;
    private final KafkaConfig config;
    private final String bootstrapServers;
    private KafkaRaftServer server;
    private boolean closed;

    private EmbeddedKafka(Path logDir, KafkaConfig config, KafkaRaftServer server, String bootstrapServers) {
        this.logDir = logDir;
        this.config = config;
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /** Formats a new log directory under {@code parent}, starts the broker and waits until it answers. */
    public static EmbeddedKafka start(Path parent, Map<String, String> overrides) {
        try {
            Files.createDirectories(parent);
            return startAt(Files.createTempDirectory(parent, "kraft-"), freePort(), freePort(), overrides);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts the broker on {@code logDir} and the given ports of 127.0.0.1 and waits until it answers; formats
     * {@code logDir} first unless it is already formatted ({@value #META_PROPERTIES} exists), so that a broker
     * started again on the same directory and ports recovers its topics, offsets and transactions.
     */
    public static EmbeddedKafka startAt(
            Path logDir, int brokerPort, int controllerPort, Map<String, String> overrides) {
        try {
            Files.createDirectories(logDir);
            Properties props = new Properties();
            props.put("process.roles", "broker,controller");
            props.put("node.id", Integer.toString(NODE_ID));
            props.put(
                    "listeners",
                    "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
            props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("controller.listener.names", "CONTROLLER");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
            props.put("log.dirs", logDir.toString());
            // One node: every internal topic has one replica, and nothing waits for others.
            props.put("offsets.topic.replication.factor", "1");
            props.put("offsets.topic.num.partitions", "1");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("transaction.state.log.num.partitions", "1");
            props.put("group.initial.rebalance.delay.ms", "0");
            props.put("auto.create.topics.enable", "false");
            props.putAll(overrides);

            KafkaConfig config = KafkaConfig.fromProps(props, false);
            if (!Files.exists(logDir.resolve(META_PROPERTIES))) {
                new Formatter()
                        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                        .setClusterId(Uuid.randomUuid().toString())
                        .setNodeId(NODE_ID)
                        .setDirectories(List.of(logDir.toString()))
                        .setMetadataLogDirectory(logDir.toString())
                        .setControllerListenerName("CONTROLLER")
                        .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                        .setReleaseVersion(MetadataVersion.latestProduction())
                        .run();
            }
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            EmbeddedKafka kafka = new EmbeddedKafka(logDir, config, server, HOST + ":" + brokerPort);
            kafka.awaitReady();
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("the embedded Kafka broker did not start: " + e.getMessage(), e);
        }
    }

    /** {@code host:port} for clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** An admin client of this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** Creates the topics and waits until the broker has them. */
    public void createTopics(Collection<NewTopic> topics) {
        try (Admin admin = admin()) {
            admin.createTopics(topics).all().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topics " + topics + ": " + e.getMessage(), e);
        }
    }

    private void awaitReady() throws InterruptedException, ExecutionException, TimeoutException {
        try (Admin admin = admin()) {
            admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Stops the broker as a clean shutdown does, leaves it down for {@code down}, and starts it again on the same
     * ports and log directory (not formatted again: topics, offsets and transactions survive), then waits until it
     * answers. Clients see the broker go away and come back at the same address, as after a broker restart.
     */
    public synchronized void restart(Duration down) {
        if (closed) {
            throw new IllegalStateException("the broker is closed");
        }
        server.shutdown();
        server.awaitShutdown();
        try {
            TimeUnit.MILLISECONDS.sleep(down.toMillis());
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            awaitReady();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restarting the broker", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the embedded Kafka broker did not come back: " + e.getMessage(), e);
        }
    }

    /** Stops the broker and deletes its log directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        deleteRecursively(logDir);
    }

    /** A port of 127.0.0.1 free now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover directory under target/ is harmless; the next build's clean removes it.
        }
    }
}
