package io.tempora.streams.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The single-node KRaft broker of {@link EmbeddedKafka} in a child JVM ({@link ChildJvm}), on fixed ports of 127.0.0.1
 * and a fixed log directory, so that it can be killed for real (SIGKILL: no controlled shutdown, the logs recovered
 * at the next start) and started again where clients expect it. Its {@link #main} is what the child runs.
 */
public final class ChildBroker implements AutoCloseable {

    /** Longest a started child may take to answer. */
    public static final Duration READY_WAIT = Duration.ofSeconds(120);

    /** The child's heap: a single-node broker of a test or benchmark needs little. */
    private static final String HEAP = "1g";

    private static final Duration READY_POLL = Duration.ofMillis(500);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);

    private final Path logDir;
    private final Path processLog;
    private final int brokerPort;
    private final int controllerPort;
    private ChildJvm child;
    private int starts;

    private ChildBroker(Path logDir, Path processLog, int brokerPort, int controllerPort) {
        this.logDir = logDir;
        this.processLog = processLog;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
    }

    /**
     * Runs the broker in this JVM until the process is killed: {@code LOG_DIR BROKER_PORT CONTROLLER_PORT}. The
     * log directory is formatted on the first start only. Nothing closes the broker on the way out: the parent stops
     * this process with SIGKILL.
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: ChildBroker LOG_DIR BROKER_PORT CONTROLLER_PORT");
            System.exit(2);
        }
        EmbeddedKafka kafka =
                EmbeddedKafka.startAt(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]), Map.of());
        System.out.println("broker ready at " + kafka.bootstrapServers());
        System.out.flush();
        Thread.currentThread().join();
    }

    /**
     * Starts a broker in a child JVM with its log directory {@code dir/kraft} (its output to {@code dir/broker.log})
     * on two ports free now, and waits until it answers.
     */
    public static ChildBroker start(Path dir) {
        try {
            ChildBroker broker = new ChildBroker(
                    dir.resolve("kraft").toAbsolutePath(),
                    dir.resolve("broker.log").toAbsolutePath(),
                    EmbeddedKafka.freePort(),
                    EmbeddedKafka.freePort());
            try {
                broker.launch();
            } catch (RuntimeException e) {
                broker.close();
                throw e;
            }
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code host:port} for clients' {@code bootstrap.servers}: the same across restarts. */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** An admin client of this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /** The child's process id while it runs. */
    public long pid() {
        return child.pid();
    }

    /** Creates the topics and waits until the broker has them. */
    public void createTopics(Collection<NewTopic> topics) {
        try (Admin admin = admin()) {
            admin.createTopics(topics).all().get(READY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topics " + topics + ": " + e.getMessage(), e);
        }
    }

    /** SIGKILL: the broker dies without a controlled shutdown, its logs and transactions left as they are. */
    public void kill() {
        child.kill();
    }

    /**
     * Starts the broker again on the same ports and log directory (it recovers its logs) and waits until it answers.
     *
     * @throws IllegalStateException if the previous one is still alive
     */
    public void restart() {
        if (child.isAlive()) {
            throw new IllegalStateException("the broker " + child.pid() + " is still running");
        }
        launch();
    }

    private void launch() {
        starts++;
        child = ChildJvm.start(
                List.of(
                        "-Xmx" + HEAP,
                        "-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider",
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"),
                ChildBroker.class.getName(),
                List.of(logDir.toString(), Integer.toString(brokerPort), Integer.toString(controllerPort)),
                processLog);
        awaitReady();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    // not up yet
                }
                if (!child.isAlive()) {
                    throw new IllegalStateException("the child broker exited with "
                            + child.process().exitValue() + " at its start number " + starts + "; log " + processLog);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the child broker did not answer within " + READY_WAIT.toSeconds()
                            + " s of its start number " + starts + "; log " + processLog);
                }
                TimeUnit.MILLISECONDS.sleep(READY_POLL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the child broker", e);
        }
    }

    /** Kills the child if it runs. The log directory stays (under the caller's directory) for a look afterwards. */
    @Override
    public void close() {
        if (child != null) {
            child.close();
        }
    }
}
