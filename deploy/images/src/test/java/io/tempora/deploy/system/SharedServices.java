package io.tempora.deploy.system;

import io.tempora.streams.testing.ScaleOutTraffic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The broker and the dev registry containers, started once for all the system test classes of a run
 * ({@code @ExtendWith(SharedServices.Extension.class)}, a parameter of a {@code @BeforeAll} method) and stopped when
 * the run ends: starting them is a large part of a test class's time, and each class keeps to its own topics
 * ({@link TopicSet}) and application ids, so one class's records never reach another's apps. A class that restarts
 * the broker leaves it answering.
 */
final class SharedServices {

    private static final int KAFKA_PORT = 19092;
    private static final int KAFKA_CONTROLLER_PORT = 19093;
    private static final int REGISTRY_PORT = 18081;
    private static final String BOOTSTRAP = "127.0.0.1:" + KAFKA_PORT;
    private static final String REGISTRY_URL = "http://127.0.0.1:" + REGISTRY_PORT + "/apis/ccompat/v7";
    /** The broker's line once it serves clients. */
    private static final Pattern KAFKA_STARTED = Pattern.compile("Kafka Server started");
    /** How long one admin call may take before the broker counts as not answering. */
    private static final Duration ADMIN_CALL = Duration.ofSeconds(5);

    private final ContainerLog kafkaLog = ImageContainers.log("kafka");
    private final GenericContainer<?> kafka;
    private final GenericContainer<?> registry;

    private SharedServices() {
        kafka = ImageContainers.container("tempora.image.kafka", "kafka", kafkaLog)
                .withEnv("KAFKA_PORT", Integer.toString(KAFKA_PORT))
                .withEnv("KAFKA_CONTROLLER_PORT", Integer.toString(KAFKA_CONTROLLER_PORT))
                .waitingFor(Wait.forLogMessage(".*" + KAFKA_STARTED.pattern() + ".*", 1)
                        .withStartupTimeout(ImageContainers.STARTUP));
        registry = ImageContainers.container("tempora.image.registry-dev", "registry", ImageContainers.log("registry"))
                .withEnv("QUARKUS_HTTP_PORT", Integer.toString(REGISTRY_PORT))
                .waitingFor(new HostHttpWait(REGISTRY_PORT, "/apis/ccompat/v7/subjects")
                        .withStartupTimeout(ImageContainers.STARTUP));
    }

    /** The brokers' address for clients. */
    String bootstrap() {
        return BOOTSTRAP;
    }

    /** The registry's Confluent-compatible API. */
    String registryUrl() {
        return REGISTRY_URL;
    }

    /** What a client or serde of the tests needs: the bootstrap servers and the registry. */
    Map<String, Object> clientConfig() {
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", BOOTSTRAP);
        c.put("schema.registry.url", REGISTRY_URL);
        return c;
    }

    /** Creates {@code topics}' four topics and publishes version 1 of a small model named {@code model}. */
    void prepare(TopicSet topics, String model) {
        createTopics(topics.definitions());
        ScaleOutTraffic.publishSmallModel(clientConfig(), topics.models(), model, Await.WAIT);
    }

    /** Creates the topics of {@code definitions}. */
    void createTopics(List<NewTopic> definitions) {
        try (Admin admin = admin()) {
            admin.createTopics(definitions).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("creating " + definitions + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The partitions of {@code topic} each member of group {@code group} holds, one list per member; empty when the
     * broker does not answer in time.
     */
    List<List<Integer>> assignments(String group, String topic) {
        try (Admin admin = admin()) {
            return admin
                    .describeConsumerGroups(List.of(group))
                    .all()
                    .get(ADMIN_CALL.toMillis(), TimeUnit.MILLISECONDS)
                    .get(group)
                    .members()
                    .stream()
                    .map(MemberDescription::assignment)
                    .map(a -> a.topicPartitions().stream()
                            .filter(tp -> tp.topic().equals(topic))
                            .map(TopicPartition::partition)
                            .sorted()
                            .toList())
                    .toList();
        } catch (ExecutionException | TimeoutException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stops the broker gracefully (SIGTERM), leaves it down for {@code down}, starts the same container again (its
     * log directory kept) and waits until it serves clients again.
     */
    void restartBroker(Duration down) throws InterruptedException {
        ImageContainers.stop(kafka, kafkaLog);
        Thread.sleep(down.toMillis());
        int mark = kafkaLog.size();
        ImageContainers.startAgain(kafka, kafkaLog);
        Await.until(
                () -> kafkaLog.firstMatch(mark, KAFKA_STARTED).isPresent(),
                "the broker's '" + KAFKA_STARTED.pattern() + "' after its restart",
                ImageContainers.STARTUP);
    }

    private Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                BOOTSTRAP,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) ADMIN_CALL.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) ADMIN_CALL.toMillis()));
    }

    /** Starts the shared services once per run and hands them to a {@code @BeforeAll} (or test) method. */
    static final class Extension implements BeforeAllCallback, ParameterResolver {

        private static final ExtensionContext.Namespace NAMESPACE =
                ExtensionContext.Namespace.create(SharedServices.class);

        @Override
        public void beforeAll(ExtensionContext context) {
            services(context);
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == SharedServices.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return services(context);
        }

        private static SharedServices services(ExtensionContext context) {
            // The root context's store outlives every test class and closes its resources when the run ends.
            return context.getRoot()
                    .getStore(NAMESPACE)
                    .getOrComputeIfAbsent(Running.class, k -> Running.start(), Running.class)
                    .services;
        }
    }

    /** The started services, stopped with the root context. */
    private record Running(SharedServices services) implements ExtensionContext.Store.CloseableResource {

        static Running start() {
            SharedServices s = new SharedServices();
            try {
                ImageContainers.startAll(List.of(s.kafka, s.registry));
            } catch (RuntimeException e) {
                ImageContainers.stopAll(List.of(s.kafka, s.registry));
                throw e;
            }
            return new Running(s);
        }

        @Override
        public void close() {
            ImageContainers.stopAll(List.of(services.kafka, services.registry));
        }
    }
}
