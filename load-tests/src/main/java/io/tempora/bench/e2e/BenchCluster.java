package io.tempora.bench.e2e;

import io.tempora.demo.Demo;
import io.tempora.demo.Schemas;
import io.tempora.schemas.serde.EventSerializer;
import io.tempora.schemas.testing.RegistryDevServer;
import io.tempora.streams.testing.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * What the benchmarks that run the product stand on: one in-process KRaft broker on 127.0.0.1 and the dev Schema
 * Registry (a child JVM, started alongside), their topics created and the project's schemas registered before any
 * app starts (so that no two clients race to register them), an admin client and an event serializer for them.
 */
public final class BenchCluster implements AutoCloseable {

    /** The dev registry's runner jar unless {@link Demo#REGISTRY_JAR_PROPERTY} names another. */
    public static final String DEFAULT_REGISTRY_JAR =
            "deploy/registry-dev/target/registry-dev-0.1.0-SNAPSHOT-runner.jar";

    private final EmbeddedKafka kafka;
    private final RegistryDevServer registry;
    private final Admin admin;
    private final EventSerializer serializer;
    private final Map<String, Object> clients;

    private BenchCluster(
            EmbeddedKafka kafka,
            RegistryDevServer registry,
            Admin admin,
            EventSerializer serializer,
            Map<String, Object> clients) {
        this.kafka = kafka;
        this.registry = registry;
        this.admin = admin;
        this.serializer = serializer;
        this.clients = clients;
    }

    /** Starts the broker (log directory under {@code workDir/kafka}) and the registry, creates {@code topics}. */
    public static BenchCluster start(Path workDir, Collection<NewTopic> topics) {
        Path jar = Path.of(System.getProperty(Demo.REGISTRY_JAR_PROPERTY, DEFAULT_REGISTRY_JAR));
        CompletableFuture<RegistryDevServer> registryStart = CompletableFuture.supplyAsync(
                () -> RegistryDevServer.start(jar, workDir.resolve("registry"), Demo.REGISTRY_START_TIMEOUT));
        EmbeddedKafka kafka = null;
        try {
            kafka = EmbeddedKafka.start(workDir.resolve("kafka"), Map.of());
            kafka.createTopics(topics);
        } catch (RuntimeException e) {
            registryStart.thenAccept(RegistryDevServer::close);
            if (kafka != null) {
                kafka.close();
            }
            throw e;
        }
        RegistryDevServer registry;
        try {
            registry = registryStart.join();
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        Map<String, Object> clients = new HashMap<>();
        clients.put("bootstrap.servers", kafka.bootstrapServers());
        clients.put("schema.registry.url", registry.confluentApiUrl());
        EventSerializer serializer = new EventSerializer();
        serializer.configure(clients, false);
        BenchCluster cluster = new BenchCluster(kafka, registry, kafka.admin(), serializer, clients);
        try {
            Schemas.register(clients, serializer, Demo.TYPES.name(0));
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** {@code bootstrap.servers} and {@code schema.registry.url}; a copy the caller may add to. */
    public Map<String, Object> clients() {
        return new HashMap<>(clients);
    }

    /** The broker's {@code host:port}. */
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** An admin client of the broker, closed with the cluster. */
    public Admin admin() {
        return admin;
    }

    /** An event serializer configured for the registry. */
    public EventSerializer serializer() {
        return serializer;
    }

    /** Stops the broker, leaves it down for {@code down} and starts it again at the same address and log directory. */
    public void restartBroker(Duration down) {
        kafka.restart(down);
    }

    @Override
    public void close() {
        try (EmbeddedKafka k = kafka;
                RegistryDevServer r = registry;
                Admin a = admin;
                EventSerializer s = serializer) {
            // try-with-resources closes them in reverse order: serializer, admin, registry, broker last
        }
    }
}
