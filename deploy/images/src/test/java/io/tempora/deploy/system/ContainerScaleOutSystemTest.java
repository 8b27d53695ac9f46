package io.tempora.deploy.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.streams.Topics;
import io.tempora.streams.testing.ScaleOutTraffic;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The deployment as a deployment: the broker, the dev registry and two app containers built by the images profile,
 * on the host network with fixed ports. Both app containers take partitions of events, every event has exactly one
 * prediction, and either instance answers an interactive query for any entity.
 */
class ContainerScaleOutSystemTest {

    private static final String APPLICATION_ID = "tempora-system";
    private static final String MODEL = "system-m";
    private static final int KAFKA_PORT = 19092;
    private static final int KAFKA_CONTROLLER_PORT = 19093;
    private static final int REGISTRY_PORT = 18081;
    private static final List<Integer> APP_PORTS = List.of(18091, 18092);
    private static final String BOOTSTRAP = "127.0.0.1:" + KAFKA_PORT;
    private static final String REGISTRY_URL = "http://127.0.0.1:" + REGISTRY_PORT + "/apis/ccompat/v7";
    private static final int PARTITIONS = 4;
    private static final int ENTITIES = 12;
    private static final int EVENTS = 48;
    /** How long a container may take to start on a loaded two-core machine. */
    private static final Duration STARTUP = Duration.ofMinutes(4);

    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Path LOG_DIR = Path.of("target", "system-tests");

    private static final List<GenericContainer<?>> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startDeployment() throws Exception {
        Files.createDirectories(LOG_DIR);
        start(container("tempora.image.kafka", "kafka")
                .withEnv("KAFKA_PORT", Integer.toString(KAFKA_PORT))
                .withEnv("KAFKA_CONTROLLER_PORT", Integer.toString(KAFKA_CONTROLLER_PORT))
                .waitingFor(Wait.forLogMessage(".*Kafka Server started.*", 1).withStartupTimeout(STARTUP)));
        start(container("tempora.image.registry-dev", "registry")
                .withEnv("QUARKUS_HTTP_PORT", Integer.toString(REGISTRY_PORT))
                .waitingFor(new HostHttpWait(REGISTRY_PORT, "/apis/ccompat/v7/subjects").withStartupTimeout(STARTUP)));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
            admin.createTopics(Topics.definitions(PARTITIONS, (short) 1)).all().get();
        }
        ScaleOutTraffic.publishSmallModel(clientConfig(), MODEL, WAIT);
        for (int i = 0; i < APP_PORTS.size(); i++) {
            int port = APP_PORTS.get(i);
            start(container("tempora.image.streams-app", "app-" + (i + 1))
                    .withEnv("TEMPORA_APPLICATION_ID", APPLICATION_ID)
                    .withEnv("TEMPORA_BOOTSTRAP_SERVERS", BOOTSTRAP)
                    .withEnv("TEMPORA_SCHEMA_REGISTRY_URL", REGISTRY_URL)
                    .withEnv("TEMPORA_HTTP_HOST", "127.0.0.1")
                    .withEnv("TEMPORA_HTTP_PORT", Integer.toString(port))
                    .withEnv("TEMPORA_MODEL_NAME", MODEL)
                    .withEnv("TEMPORA_COMMIT_INTERVAL_MS", "100")
                    .waitingFor(new HostHttpWait(port, "/health/ready").withStartupTimeout(STARTUP)));
        }
    }

    @AfterAll
    static void stopDeployment() {
        // Apps first, the broker last: each stops cleanly (SIGTERM) while what it talks to is still there.
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).stop();
        }
    }

    private static GenericContainer<?> container(String imageProperty, String name) {
        String image = System.getProperty(imageProperty);
        assertThat(image)
                .as("system property %s (set by the system-tests profile)", imageProperty)
                .isNotBlank();
        Path log = LOG_DIR.resolve(name + ".log");
        return new GenericContainer<>(DockerImageName.parse(image))
                .withNetworkMode("host")
                .withCreateContainerCmdModifier(cmd -> cmd.withName("tempora-system-" + name))
                .withLogConsumer(frame -> append(log, frame));
    }

    private static void start(GenericContainer<?> container) {
        started.add(container);
        container.start();
    }

    private static void append(Path log, OutputFrame frame) {
        try {
            Files.writeString(
                    log,
                    frame.getUtf8String(),
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, Object> clientConfig() {
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", BOOTSTRAP);
        c.put("schema.registry.url", REGISTRY_URL);
        return c;
    }

    private static String entity(int i) {
        return "c-" + (i % ENTITIES);
    }

    @Test
    void twoAppContainersSharePartitionsPredictEveryEventOnceAndAnswerForEveryEntity() throws Exception {
        await(this::bothMembersHavePartitions, "both app containers holding partitions of " + Topics.EVENTS);

        ScaleOutTraffic.produce(clientConfig(), EVENTS, ENTITIES, ContainerScaleOutSystemTest::entity);
        Map<String, Integer> perEvent = ScaleOutTraffic.predictionsPerSourceEvent(clientConfig(), EVENTS, WAIT);
        assertThat(perEvent).hasSize(EVENTS);
        assertThat(perEvent.values()).as("predictions per event").containsOnly(1);

        for (int port : APP_PORTS) {
            await(() -> answersEveryEntity(port), "127.0.0.1:" + port + " answering for every entity");
        }
    }

    /** The app group's members and the events partitions each holds: two members, each with some, all covered. */
    private boolean bothMembersHavePartitions() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
            List<Set<Integer>> held = new ArrayList<>();
            for (MemberDescription m : admin.describeConsumerGroups(List.of(APPLICATION_ID))
                    .all()
                    .get()
                    .get(APPLICATION_ID)
                    .members()) {
                Set<Integer> partitions = new HashSet<>();
                m.assignment().topicPartitions().stream()
                        .filter(tp -> tp.topic().equals(Topics.EVENTS))
                        .forEach(tp -> partitions.add(tp.partition()));
                held.add(partitions);
            }
            Set<Integer> all = new HashSet<>();
            held.forEach(all::addAll);
            return held.size() == APP_PORTS.size() && held.stream().noneMatch(Set::isEmpty) && all.size() == PARTITIONS;
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private boolean answersEveryEntity(int port) {
        try {
            for (int i = 0; i < ENTITIES; i++) {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/entities/" + entity(i)))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(POLL.toMillis());
        }
    }
}
