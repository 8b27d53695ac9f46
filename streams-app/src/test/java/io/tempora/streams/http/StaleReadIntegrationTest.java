package io.tempora.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.schemas.Event;
import io.tempora.schemas.Samples;
import io.tempora.schemas.serde.EventSerializer;
import io.tempora.schemas.serde.PredictionSerializer;
import io.tempora.schemas.testing.RegistryDevExtension;
import io.tempora.schemas.testing.RegistryDevServer;
import io.tempora.streams.TemporaApp;
import io.tempora.streams.TemporaConfig;
import io.tempora.streams.Topics;
import io.tempora.streams.testing.EmbeddedKafka;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Standby replicas answer when the owner is down, marked stale: two instances with
 * {@code num.standby.replicas=1} on a four-partition events topic (real KRaft broker, dev registry), so each
 * instance keeps a standby of every partition the other owns. One instance stops as a crash would (staying
 * in the group, so its partitions stay assigned to it until its session times out); the other answers for
 * the stopped one's entities from its standbys, with the stale header and field, and once the session has
 * timed out and it owns every partition, answers them current again, without a stale mark. The
 * {@code tempora.entities} gauge counts the known entities in the active and the standby copies.
 */
@ExtendWith(RegistryDevExtension.class)
class StaleReadIntegrationTest {

    private static final String MODEL = "standby-m";
    private static final String APPLICATION_ID = "tempora-stale-it";
    private static final int PARTITIONS = 4;
    /** Entities, one event each: enough for every partition to hold some, each key written once. */
    private static final int ENTITIES = 24;
    /** Short, so that the stopped instance's partitions move within the test (the broker's minimum is 6 s). */
    private static final int SESSION_TIMEOUT_MS = 10_000;

    private static EmbeddedKafka kafka;

    private final RegistryDevServer registry;
    private final HttpClient http = HttpClient.newHttpClient();

    StaleReadIntegrationTest(RegistryDevServer registry) {
        this.registry = registry;
    }

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start(Path.of("target/kafka-stale"), Map.of());
        kafka.createTopics(Topics.definitions(PARTITIONS, (short) 1));
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    private Map<String, Object> clientConfig() {
        return Instances.clientConfig(kafka, registry);
    }

    private TemporaConfig appConfig(Path stateDir) {
        return Instances.appConfig(
                clientConfig(),
                APPLICATION_ID,
                MODEL,
                stateDir,
                Map.of(
                        StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG,
                        1,
                        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                        SESSION_TIMEOUT_MS));
    }

    private static String entity(int i) {
        return "t-" + i;
    }

    /** One event per entity, 10 s before now. */
    private void produce() {
        Map<String, Object> c = clientConfig();
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        long t0 = System.currentTimeMillis() - 10_000;
        try (EventSerializer serializer = new EventSerializer();
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer())) {
            serializer.configure(c, false);
            for (int i = 0; i < ENTITIES; i++) {
                Event e = Event.newBuilder()
                        .setEntityId(entity(i))
                        .setEventTime(Instant.ofEpochMilli(t0))
                        .setType("click")
                        .setFeatures(Map.of("amount", (double) i))
                        .setEventId("ev-" + i)
                        .build();
                producer.send(new ProducerRecord<>(
                        Topics.EVENTS,
                        entity(i).getBytes(StandardCharsets.UTF_8),
                        serializer.serialize(Topics.EVENTS, e)));
            }
            producer.flush();
        }
    }

    private HttpResponse<String> get(InetSocketAddress at, String pathAndQuery)
            throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + at.getPort() + pathAndQuery);
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static KeyQueryMetadata metadata(TemporaApp app, String id) {
        return app.streams()
                .queryMetadataForKey(
                        Topics.ENTITY_STATE_STORE, id, Serdes.String().serializer());
    }

    /** Whether {@code app}'s local copy (active or standby) of {@code id}'s partition holds {@code id}. */
    private static boolean holdsLocally(TemporaApp app, String id) {
        try {
            return app.streams()
                            .store(StoreCopy.anyLocal(metadata(app, id).partition())
                                    .parameters())
                            .get(id)
                    != null;
        } catch (InvalidStateStoreException e) {
            return false;
        }
    }

    private static double entities(TemporaApp app, String copy) {
        return app.meters()
                .get(EntityStoreMeters.ENTITIES)
                .tag(EntityStoreMeters.COPY_TAG, copy)
                .gauge()
                .value();
    }

    /**
     * Registers the Prediction schema before the instances start: two instances registering it at the same
     * moment were refused by the dev registry (HTTP 409, "already exists"), which failed a stream thread.
     */
    private void registerPredictionSchema() {
        try (PredictionSerializer serializer = new PredictionSerializer()) {
            serializer.configure(clientConfig(), false);
            serializer.serialize(Topics.PREDICTIONS, Samples.prediction());
        }
    }

    @Test
    void aStandbyAnswersMarkedStaleWhileTheOwnerIsDownAndCurrentOnceItOwnsThePartition() throws Exception {
        Instances.publishModel(clientConfig(), MODEL);
        registerPredictionSchema();
        Path stateA = Files.createTempDirectory(Path.of("target"), "stale-a-");
        Path stateB = Files.createTempDirectory(Path.of("target"), "stale-b-");
        try (TemporaApp a = TemporaApp.start(appConfig(stateA), Duration.ofSeconds(10));
                TemporaApp b = TemporaApp.start(appConfig(stateB), Duration.ofSeconds(10))) {
            InetSocketAddress addressA = a.httpAddress().orElseThrow();
            InetSocketAddress addressB = b.httpAddress().orElseThrow();
            Instances.await(
                    () -> a.streams().state() == KafkaStreams.State.RUNNING
                            && b.streams().state() == KafkaStreams.State.RUNNING
                            && Instances.tasks(a, false) > 0
                            && Instances.tasks(b, false) > 0
                            && Instances.tasks(a, false) + Instances.tasks(b, false) == PARTITIONS
                            && Instances.tasks(a, true) + Instances.tasks(b, true) == PARTITIONS,
                    "both instances RUNNING, each partition active on one and standby on the other");
            Instances.await(
                    () -> a.catalog().serving(MODEL).isPresent()
                            && b.catalog().serving(MODEL).isPresent(),
                    "both instances serving the model");
            produce();
            Instances.await(
                    () -> Instances.eventPredictions(a) + Instances.eventPredictions(b) == ENTITIES,
                    "a prediction for every event");
            // Every entity in both copies of its partition: the owner's and the other instance's standby.
            Instances.await(
                    () -> {
                        for (int i = 0; i < ENTITIES; i++) {
                            if (!holdsLocally(a, entity(i)) || !holdsLocally(b, entity(i))) {
                                return false;
                            }
                        }
                        return true;
                    },
                    "every entity in the active and the standby copy of its partition");

            // The gauge: each entity once among the active copies and once among the standbys.
            assertThat(entities(a, "active") + entities(b, "active")).isEqualTo(ENTITIES);
            assertThat(entities(a, "standby") + entities(b, "standby")).isEqualTo(ENTITIES);
            assertThat(entities(a, "active")).isPositive().isLessThan(ENTITIES);
            String scraped = get(addressA, "/metrics").body();
            assertThat(scraped)
                    .containsPattern(
                            "(?m)^tempora_entities\\{copy=\"active\",kind=\"count\"} " + entities(a, "active") + "$")
                    .containsPattern("(?m)^tempora_entities\\{copy=\"standby\",kind=\"estimate\"} "
                            + entities(a, "standby") + "$");

            HostInfo hostB = new HostInfo("127.0.0.1", addressB.getPort());
            List<String> ownedByB = new ArrayList<>();
            Set<Integer> partitions = new HashSet<>();
            for (int i = 0; i < ENTITIES; i++) {
                KeyQueryMetadata m = metadata(a, entity(i));
                partitions.add(m.partition());
                if (m.activeHost().equals(hostB)) {
                    ownedByB.add(entity(i));
                }
            }
            assertThat(partitions).as("every partition holds entities").hasSize(PARTITIONS);
            assertThat(ownedByB).isNotEmpty();

            // While B runs, A forwards: a current answer, with no stale mark.
            String probe = ownedByB.get(0);
            HttpResponse<String> current = get(addressA, "/entities/" + probe);
            assertThat(current.statusCode()).as(current.body()).isEqualTo(200);
            assertThat(current.headers().firstValue(EntityRouter.FORWARDED)).contains("true");
            assertThat(current.headers().firstValue(EntityRouter.SERVED_BY)).contains(Instances.label(addressB));
            assertThat(current.headers().firstValue(EntityRouter.STALE)).isEmpty();
            assertThat(current.body()).doesNotContain("\"stale\"").contains("\"eventCount\":1");

            // B stops as a crash would: its partitions stay assigned to it until its session times out.
            b.closeStayingInGroup();
            for (String id : ownedByB) {
                assertThat(metadata(a, id).activeHost())
                        .as("B still owns " + id + " in A's metadata (its session has not timed out)")
                        .isEqualTo(hostB);
                HttpResponse<String> stale = get(addressA, "/entities/" + id);
                assertThat(stale.statusCode()).as(stale.body()).isEqualTo(200);
                assertThat(stale.headers().firstValue(EntityRouter.STALE)).contains("true");
                assertThat(stale.headers().firstValue(EntityRouter.SERVED_BY)).contains(Instances.label(addressA));
                assertThat(stale.headers().firstValue(EntityRouter.FORWARDED)).isEmpty();
                assertThat(stale.headers().firstValue(EntityRouter.OFFSET_LAG))
                        .hasValueSatisfying(
                                lag -> assertThat(Long.parseLong(lag)).isNotNegative());
                assertThat(stale.body())
                        .contains("\"entityId\":\"" + id + "\"")
                        .contains("\"eventCount\":1")
                        .contains("\"stale\":true")
                        .contains("\"staleReason\":\"the owner " + Instances.label(addressB)
                                + " could not answer (502)\"")
                        .containsPattern("\"offsetLag\":\\d+}$");
            }
            HttpResponse<String> stalePrediction =
                    get(addressA, "/entities/" + probe + "/prediction?at=" + System.currentTimeMillis());
            assertThat(stalePrediction.statusCode()).as(stalePrediction.body()).isEqualTo(200);
            assertThat(stalePrediction.headers().firstValue(EntityRouter.STALE)).contains("true");
            assertThat(stalePrediction.body())
                    .contains("\"entityId\":\"" + probe + "\"")
                    .contains("\"trigger\":\"QUERY\"")
                    .contains("\"stale\":true");

            // B's session times out: A owns every partition and answers current again.
            Instances.await(
                    () -> a.streams().state() == KafkaStreams.State.RUNNING
                            && Instances.tasks(a, false) == PARTITIONS
                            && metadata(a, probe).activeHost().equals(new HostInfo("127.0.0.1", addressA.getPort())),
                    "A to own every partition once B's session has timed out");
            for (String id : ownedByB) {
                HttpResponse<String> owned = get(addressA, "/entities/" + id);
                assertThat(owned.statusCode()).as(owned.body()).isEqualTo(200);
                assertThat(owned.headers().firstValue(EntityRouter.STALE)).isEmpty();
                assertThat(owned.body()).doesNotContain("\"stale\"").contains("\"eventCount\":1");
            }
            assertThat(entities(a, "active")).isEqualTo(ENTITIES);
        }
    }
}
