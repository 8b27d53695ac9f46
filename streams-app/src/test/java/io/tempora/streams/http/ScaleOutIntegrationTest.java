package io.tempora.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.data.TypeVocabulary;
import io.tempora.model.EventModel;
import io.tempora.model.FeatureStatistics;
import io.tempora.model.ModelArchitecture;
import io.tempora.schemas.Event;
import io.tempora.schemas.Prediction;
import io.tempora.schemas.PredictionTrigger;
import io.tempora.schemas.serde.EventSerializer;
import io.tempora.schemas.serde.PredictionDeserializer;
import io.tempora.schemas.testing.RegistryDevExtension;
import io.tempora.schemas.testing.RegistryDevServer;
import io.tempora.streams.TemporaApp;
import io.tempora.streams.TemporaConfig;
import io.tempora.streams.Topics;
import io.tempora.streams.model.ModelParametersMapper;
import io.tempora.streams.model.ModelPublisher;
import io.tempora.streams.model.ServingModel;
import io.tempora.streams.processor.ProcessorMetrics;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two instances of the app (one {@code application.id}, separate state directories, HTTP on free ports)
 * on a four-partition events topic, against a real KRaft broker and the dev registry: both take
 * partitions, every event has exactly one prediction, either instance answers for any entity (forwarding
 * to the owner, and saying so), a forwarded request is never forwarded again, and when one instance
 * closes the other takes its partitions, restores their state and answers for its entities.
 */
@ExtendWith(RegistryDevExtension.class)
class ScaleOutIntegrationTest {

    private static final String MODEL = "scale-m";
    private static final String APPLICATION_ID = "tempora-scale-it";
    private static final int PARTITIONS = 4;
    private static final int ENTITIES = 12;
    private static final int EVENTS = 48;
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Duration POLL = Duration.ofMillis(200);

    private static EmbeddedKafka kafka;

    private final RegistryDevServer registry;
    private final HttpClient http = HttpClient.newHttpClient();

    ScaleOutIntegrationTest(RegistryDevServer registry) {
        this.registry = registry;
    }

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start(Path.of("target/kafka-scale"), Map.of());
        kafka.createTopics(Topics.definitions(PARTITIONS, (short) 1));
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    private Map<String, Object> clientConfig() {
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", kafka.bootstrapServers());
        c.put("schema.registry.url", registry.confluentApiUrl());
        return c;
    }

    private TemporaConfig appConfig(Path stateDir) {
        Map<String, Object> p = clientConfig();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(TemporaConfig.MODEL_NAME_CONFIG, MODEL);
        return new TemporaConfig(p);
    }

    private void publishModel() {
        EventModel model = EventModel.create(
                new ModelArchitecture(4, 8, 3, 2, 1),
                1_000.0,
                TypeVocabulary.of("click", "buy"),
                new FeatureStatistics(List.of("amount"), new double[] {10}, new double[] {5}),
                ServingModel.label(MODEL, 1),
                11);
        try (ModelPublisher publisher = new ModelPublisher(clientConfig(), Topics.MODEL_PARAMETERS)) {
            publisher.publish(
                    ModelParametersMapper.toAvro(
                            model, MODEL, 1, OptionalLong.empty(), Instant.now(), Map.of(), Optional.empty()),
                    WAIT);
        }
    }

    private static String entity(int i) {
        return "s-" + (i % ENTITIES);
    }

    /** {@code EVENTS} events round-robin over the entities, 100 ms apart per entity, ending before now. */
    private void produce() {
        Map<String, Object> c = clientConfig();
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        long t0 = System.currentTimeMillis() - 10_000;
        try (EventSerializer serializer = new EventSerializer();
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer())) {
            serializer.configure(c, false);
            for (int i = 0; i < EVENTS; i++) {
                Event e = Event.newBuilder()
                        .setEntityId(entity(i))
                        .setEventTime(Instant.ofEpochMilli(t0 + 100L * (i / ENTITIES)))
                        .setType(i % 3 == 0 ? "buy" : "click")
                        .setFeatures(Map.of("amount", (double) (i % 7)))
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

    /** Every committed prediction's source event id, read from the beginning until {@code count} are read. */
    private Map<String, Integer> predictionsPerSourceEvent(int count) throws InterruptedException {
        Map<String, Object> c = clientConfig();
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, Integer> perId = new HashMap<>();
        try (PredictionDeserializer deserializer = new PredictionDeserializer();
                KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            deserializer.configure(c, false);
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(Topics.PREDICTIONS)
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            int read = 0;
            while (read < count) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    Prediction p = deserializer.deserialize(r.topic(), r.value());
                    perId.merge(String.valueOf(p.getSourceEventId()), 1, Integer::sum);
                    read++;
                }
                assertThat(System.nanoTime())
                        .as("waiting for " + count + " predictions")
                        .isLessThan(deadline);
            }
            // Up to the end of what is committed now: a duplicate after the expected count would show here.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    perId.merge(
                            String.valueOf(deserializer
                                    .deserialize(r.topic(), r.value())
                                    .getSourceEventId()),
                            1,
                            Integer::sum);
                }
                assertThat(System.nanoTime()).as("reading to the end").isLessThan(deadline);
            }
        }
        return perId;
    }

    private HttpResponse<String> get(InetSocketAddress at, String pathAndQuery, boolean markForwarded)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort() + pathAndQuery))
                .GET();
        if (markForwarded) {
            b.header(EntityRouter.FORWARDED, "true");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static boolean runningWithPartitions(TemporaApp app) {
        return app.streams().state() == KafkaStreams.State.RUNNING
                && app.streams().metadataForLocalThreads().stream()
                                .mapToInt(t -> t.activeTasks().size())
                                .sum()
                        > 0;
    }

    private static int activeTasks(TemporaApp app) {
        return app.streams().metadataForLocalThreads().stream()
                .map(ThreadMetadata::activeTasks)
                .mapToInt(Set::size)
                .sum();
    }

    private static String label(InetSocketAddress a) {
        return "127.0.0.1:" + a.getPort();
    }

    /** Whether {@code app} answers 200 for every entity, each with all its events. */
    private boolean answersEveryEntity(InetSocketAddress at) {
        try {
            for (int i = 0; i < ENTITIES; i++) {
                HttpResponse<String> r = get(at, "/entities/" + entity(i), false);
                if (r.statusCode() != 200) {
                    return false;
                }
            }
            return true;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The EVENT predictions {@code app} has written. */
    private static double eventPredictions(TemporaApp app) {
        return app.meters()
                .counter(ProcessorMetrics.PREDICTIONS, ProcessorMetrics.TRIGGER_TAG, PredictionTrigger.EVENT.name())
                .count();
    }

    @Test
    void twoInstancesSharePartitionsAnswerForEveryEntityAndTakeOverWhenOneCloses() throws Exception {
        publishModel();
        Path stateA = Files.createTempDirectory(Path.of("target"), "scale-a-");
        Path stateB = Files.createTempDirectory(Path.of("target"), "scale-b-");
        try (TemporaApp a = TemporaApp.start(appConfig(stateA), Duration.ofSeconds(10))) {
            InetSocketAddress addressA = a.httpAddress().orElseThrow();
            InetSocketAddress addressB;
            try (TemporaApp b = TemporaApp.start(appConfig(stateB), Duration.ofSeconds(10))) {
                addressB = b.httpAddress().orElseThrow();
                await(
                        () -> runningWithPartitions(a) && runningWithPartitions(b),
                        "both instances RUNNING with partitions");
                assertThat(activeTasks(a) + activeTasks(b))
                        .as("the four partitions' tasks, each on one instance")
                        .isEqualTo(PARTITIONS);
                await(
                        () -> a.catalog().serving(MODEL).isPresent()
                                && b.catalog().serving(MODEL).isPresent(),
                        "both instances serving the model");

                produce();
                Map<String, Integer> perId = predictionsPerSourceEvent(EVENTS);
                assertThat(perId).hasSize(EVENTS);
                assertThat(perId.values()).as("one prediction per event").allMatch(n -> n == 1);
                await(() -> eventPredictions(a) > 0 && eventPredictions(b) > 0, "both instances made predictions");
                assertThat(eventPredictions(a) + eventPredictions(b)).isEqualTo(EVENTS);

                Map<String, Integer> ownedBy = new HashMap<>();
                for (int i = 0; i < ENTITIES; i++) {
                    String id = entity(i);
                    HttpResponse<String> fromA = get(addressA, "/entities/" + id, false);
                    HttpResponse<String> fromB = get(addressB, "/entities/" + id, false);
                    for (HttpResponse<String> r : List.of(fromA, fromB)) {
                        assertThat(r.statusCode()).as(id + ": " + r.body()).isEqualTo(200);
                        assertThat(r.body()).contains("\"eventCount\":" + (EVENTS / ENTITIES));
                    }
                    String owner =
                            fromA.headers().firstValue(EntityRouter.SERVED_BY).orElseThrow();
                    assertThat(owner).isIn(label(addressA), label(addressB));
                    assertThat(fromB.headers().firstValue(EntityRouter.SERVED_BY))
                            .contains(owner);
                    assertThat(fromB.body()).isEqualTo(fromA.body());
                    InetSocketAddress other = owner.equals(label(addressA)) ? addressB : addressA;
                    HttpResponse<String> viaOther = owner.equals(label(addressA)) ? fromB : fromA;
                    HttpResponse<String> direct = owner.equals(label(addressA)) ? fromA : fromB;
                    assertThat(viaOther.headers().firstValue(EntityRouter.FORWARDED))
                            .contains("true");
                    assertThat(direct.headers().firstValue(EntityRouter.FORWARDED))
                            .isEmpty();
                    ownedBy.merge(owner, 1, Integer::sum);

                    // A prediction query forwarded by the non-owner: the owner's very answer.
                    String prediction =
                            "/entities/" + id + "/prediction?at=" + System.currentTimeMillis() + "&horizons=1000,60000";
                    HttpResponse<String> predictedHere =
                            get(owner.equals(label(addressA)) ? addressA : addressB, prediction, false);
                    HttpResponse<String> predictedThere = get(other, prediction, false);
                    assertThat(predictedHere.statusCode())
                            .as(predictedHere.body())
                            .isEqualTo(200);
                    assertThat(predictedThere.statusCode())
                            .as(predictedThere.body())
                            .isEqualTo(200);
                    assertThat(predictedThere.body()).isEqualTo(predictedHere.body());
                    assertThat(predictedThere.headers().firstValue(EntityRouter.FORWARDED))
                            .contains("true");

                    // A request already forwarded once reaches a non-owner: not forwarded again.
                    HttpResponse<String> loop = get(other, "/entities/" + id, true);
                    assertThat(loop.statusCode()).as(loop.body()).isEqualTo(503);
                    assertThat(loop.headers().firstValue("Retry-After")).isPresent();
                    assertThat(loop.body()).contains("names " + owner + " as the owner");
                }
                assertThat(ownedBy)
                        .as("entities per owning instance: each instance forwarded to the other")
                        .containsOnlyKeys(label(addressA), label(addressB));
                // An unknown entity: its owner's 404, relayed by whichever instance was asked.
                HttpResponse<String> nobodyA = get(addressA, "/entities/nobody", false);
                HttpResponse<String> nobodyB = get(addressB, "/entities/nobody", false);
                assertThat(nobodyA.statusCode()).isEqualTo(404);
                assertThat(nobodyB.statusCode()).isEqualTo(404);
                assertThat(nobodyA.body()).isEqualTo(nobodyB.body()).contains("no entity 'nobody'");
            }
            // B closed: A takes its partitions, restores their state from the changelog and answers alone.
            long closedAt = System.nanoTime();
            await(
                    () -> a.streams().state() == KafkaStreams.State.RUNNING
                            && activeTasks(a) == PARTITIONS
                            && answersEveryEntity(addressA),
                    "the remaining instance to hold every partition and answer for every entity");
            System.out.printf(
                    "scale-out: the remaining instance answered for every entity %d ms after the other closed%n",
                    (System.nanoTime() - closedAt) / 1_000_000);
            for (int i = 0; i < ENTITIES; i++) {
                HttpResponse<String> r = get(addressA, "/entities/" + entity(i), false);
                assertThat(r.body()).contains("\"eventCount\":" + (EVENTS / ENTITIES));
                assertThat(r.headers().firstValue(EntityRouter.SERVED_BY)).contains(label(addressA));
                assertThat(r.headers().firstValue(EntityRouter.FORWARDED)).isEmpty();
            }
        }
    }
}
