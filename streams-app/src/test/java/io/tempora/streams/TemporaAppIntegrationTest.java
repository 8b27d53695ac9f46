package io.tempora.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.data.TypeVocabulary;
import io.tempora.model.EventModel;
import io.tempora.model.FeatureStatistics;
import io.tempora.model.ModelArchitecture;
import io.tempora.schemas.DeadLetter;
import io.tempora.schemas.Event;
import io.tempora.schemas.ModelParameters;
import io.tempora.schemas.Prediction;
import io.tempora.schemas.serde.DeadLetterDeserializer;
import io.tempora.schemas.serde.EventSerializer;
import io.tempora.schemas.serde.PredictionDeserializer;
import io.tempora.schemas.testing.RegistryDevExtension;
import io.tempora.schemas.testing.RegistryDevServer;
import io.tempora.streams.http.EntityStoreMeters;
import io.tempora.streams.model.ModelParametersMapper;
import io.tempora.streams.model.ModelPublisher;
import io.tempora.streams.model.ModelRefusedException;
import io.tempora.streams.model.RefusedVersion;
import io.tempora.streams.model.ServingModel;
import io.tempora.streams.model.TensorChecksum;
import io.tempora.streams.testing.EmbeddedKafka;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole application against a real KRaft broker and the dev registry, exactly-once: every event in
 * has exactly one prediction or dead letter out (by event id), a model version published mid-stream is
 * served without a restart, and an application closed mid-stream and started again on the same state
 * directory continues without losing or repeating an event.
 */
@ExtendWith(RegistryDevExtension.class)
class TemporaAppIntegrationTest {

    private static final String MODEL = "m";
    private static final int ENTITIES = 12;
    private static final long T0 = 1_700_000_000_000L;
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static EmbeddedKafka kafka;

    private final RegistryDevServer registry;

    TemporaAppIntegrationTest(RegistryDevServer registry) {
        this.registry = registry;
    }

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start(Path.of("target/kafka"), Map.of());
        kafka.createTopics(Topics.definitions(2, (short) 1));
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    private static EventModel model(long version, long seed) {
        return EventModel.create(
                new ModelArchitecture(4, 8, 3, 2, 1),
                1_000.0,
                TypeVocabulary.of("click", "buy"),
                new FeatureStatistics(List.of("amount"), new double[] {10}, new double[] {5}),
                ServingModel.label(MODEL, version),
                seed);
    }

    private Map<String, Object> clientConfig() {
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", kafka.bootstrapServers());
        c.put("schema.registry.url", registry.confluentApiUrl());
        return c;
    }

    private TemporaConfig appConfig(Path stateDir) {
        Map<String, Object> p = clientConfig();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "tempora-it");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(TemporaConfig.MODEL_NAME_CONFIG, MODEL);
        return new TemporaConfig(p);
    }

    private void publish(long version, long seed) {
        try (ModelPublisher publisher = new ModelPublisher(clientConfig(), Topics.MODEL_PARAMETERS)) {
            publisher.publish(
                    ModelParametersMapper.toAvro(
                            model(version, seed),
                            MODEL,
                            version,
                            OptionalLong.empty(),
                            Instant.now(),
                            Map.of(),
                            Optional.empty()),
                    WAIT);
        }
    }

    /** The running number of the event a prediction answers ({@code ev-N}). */
    private static int eventIndex(Prediction p) {
        return Integer.parseInt(p.getSourceEventId().substring("ev-".length()));
    }

    /** Publishes a version whose first tensor holds a NaN (its checksum recomputed over the NaN). */
    private void publishNonFinite(long version) {
        ModelParameters good = ModelParametersMapper.toAvro(
                model(version, 5), MODEL, version, OptionalLong.empty(), Instant.now(), Map.of(), Optional.empty());
        ByteBuffer data = good.getTensors().get(0).getData().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putDouble(0, Double.NaN);
        good.getTensors().get(0).setData(ByteBuffer.wrap(bytes));
        good.setChecksum(TensorChecksum.of(good.getTensors()));
        try (ModelPublisher publisher = new ModelPublisher(clientConfig(), Topics.MODEL_PARAMETERS)) {
            publisher.publish(good, WAIT);
        }
    }

    /** Produces {@code count} events round-robin over the entities, 700 ms apart per entity, ids from {@code first}. */
    private void produce(int first, int count) {
        Map<String, Object> c = clientConfig();
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (EventSerializer serializer = new EventSerializer();
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer())) {
            serializer.configure(c, false);
            for (int i = first; i < first + count; i++) {
                String entity = "entity-" + (i % ENTITIES);
                Event e = Event.newBuilder()
                        .setEntityId(entity)
                        .setEventTime(Instant.ofEpochMilli(T0 + 700L * (i / ENTITIES)))
                        .setType(i % 3 == 0 ? "buy" : "click")
                        .setFeatures(Map.of("amount", (double) (i % 17)))
                        .setEventId("ev-" + i)
                        .build();
                producer.send(new ProducerRecord<>(
                        Topics.EVENTS,
                        entity.getBytes(StandardCharsets.UTF_8),
                        serializer.serialize(Topics.EVENTS, e)));
            }
            producer.flush();
        }
    }

    /** A real event's bytes with its last bytes cut off: a known schema id, a payload that ends too soon. */
    private byte[] truncatedEvent() {
        try (EventSerializer serializer = new EventSerializer()) {
            serializer.configure(clientConfig(), false);
            byte[] whole = serializer.serialize(
                    Topics.EVENTS,
                    Event.newBuilder()
                            .setEntityId("entity-1")
                            .setEventTime(Instant.ofEpochMilli(T0))
                            .setType("click")
                            .setEventId("cut")
                            .build());
            return Arrays.copyOf(whole, whole.length - 4);
        }
    }

    private void produceRaw(byte[] key, byte[] value) {
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(clientConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.EVENTS, key, value));
        }
    }

    /** Everything committed on the predictions and dead-letter topics so far, read from the beginning. */
    private record Outputs(List<Prediction> predictions, List<DeadLetter> deadLetters) {

        Map<String, Integer> predictionsPerEventId() {
            Map<String, Integer> n = new HashMap<>();
            predictions.forEach(p -> n.merge(p.getSourceEventId(), 1, Integer::sum));
            return n;
        }
    }

    private Outputs awaitOutputs(int total) throws InterruptedException {
        Map<String, Object> c = clientConfig();
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime());
        List<Prediction> predictions = new ArrayList<>();
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                PredictionDeserializer pd = new PredictionDeserializer();
                DeadLetterDeserializer dd = new DeadLetterDeserializer()) {
            pd.configure(c, false);
            dd.configure(c, false);
            consumer.subscribe(List.of(Topics.PREDICTIONS, Topics.EVENTS_DLQ));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (predictions.size() + letters.size() < total && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.topic().equals(Topics.PREDICTIONS)) {
                        predictions.add(pd.deserialize(r.topic(), r.value()));
                    } else {
                        letters.add(dd.deserialize(r.topic(), r.value()));
                    }
                });
            }
            // Anything beyond the expected count would be a duplicate: read a little longer to see it.
            long settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < settle) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.topic().equals(Topics.PREDICTIONS)) {
                        predictions.add(pd.deserialize(r.topic(), r.value()));
                    } else {
                        letters.add(dd.deserialize(r.topic(), r.value()));
                    }
                });
            }
        }
        return new Outputs(predictions, letters);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void exactlyOnePredictionPerEventAcrossAModelRollAndARestart() throws Exception {
        Path stateDir = Files.createTempDirectory(Path.of("target"), "state-");
        publish(1, 7);
        int produced = 0;
        try (TemporaApp app = TemporaApp.start(appConfig(stateDir), WAIT)) {
            assertThat(app.catalog().serving(MODEL))
                    .hasValueSatisfying(s -> assertThat(s.version()).isEqualTo(1));
            await(() -> app.streams().state() == KafkaStreams.State.RUNNING, "the app to run");
            produce(0, 120);
            produced += 120;
            produceRaw("entity-1".getBytes(StandardCharsets.UTF_8), truncatedEvent());
            produceRaw(null, new byte[] {1, 2, 3});
            Outputs first = awaitOutputs(produced + 2);
            assertThat(first.predictions()).hasSize(produced).allSatisfy(p -> assertThat(p.getModelVersion())
                    .isEqualTo(1));
            assertThat(first.deadLetters())
                    .extracting(DeadLetter::getReasonCode)
                    .containsExactlyInAnyOrder("CORRUPT_PAYLOAD", "MISSING_KEY");
            assertThat(activeEntities(app))
                    .as("every entity once, after %d events each", 120 / ENTITIES)
                    .isEqualTo(ENTITIES);

            publish(2, 99);
            await(() -> app.catalog().serving(MODEL).map(ServingModel::version).orElse(0L) == 2L, "version 2");
            produce(produced, 60);
            produced += 60;
            Outputs second = awaitOutputs(produced + 2);
            assertThat(second.predictions()).hasSize(produced);
            // Outputs arrive in partition order, not production order: select the later events by their ids.
            assertThat(second.predictions().stream().filter(p -> eventIndex(p) >= 120))
                    .hasSize(60)
                    .allSatisfy(p -> assertThat(p.getModelVersion())
                            .as("served without a restart")
                            .isEqualTo(2));
            publishNonFinite(3);
            await(() -> !app.catalog().refused(MODEL).isEmpty(), "version 3 to be refused");
            assertThat(app.catalog().refused(MODEL))
                    .extracting(RefusedVersion::reason)
                    .containsExactly(ModelRefusedException.Reason.NON_FINITE_VALUE);
            assertThat(app.catalog().serving(MODEL).map(ServingModel::version))
                    .as("the old version keeps serving")
                    .hasValue(2L);
            produce(produced, 48);
            produced += 48;
            Thread.sleep(300);
        }
        // Closed mid-stream: some of the last batch may not be processed yet. More arrive while it is down.
        produce(produced, 48);
        produced += 48;
        try (TemporaApp app = TemporaApp.start(appConfig(stateDir), WAIT)) {
            Outputs all = awaitOutputs(produced + 2);
            Map<String, Integer> perId = all.predictionsPerEventId();
            assertThat(perId).hasSize(produced);
            assertThat(perId.values())
                    .allSatisfy(
                            n -> assertThat(n).as("predictions per event id").isEqualTo(1));
            assertThat(all.deadLetters()).hasSize(2);
            assertThat(all.predictions().stream()
                            .filter(p -> p.getEventLogLikelihood() == null)
                            .count())
                    .as("only each entity's first event is unscored: the state survived the restart")
                    .isEqualTo(ENTITIES);
            assertThat(activeEntities(app))
                    .as("the restarted tasks count what their stores hold (no event made a new entity)")
                    .isEqualTo(ENTITIES);
        }
    }

    /** The {@code tempora.entities} gauge over the app's active copies. */
    private static double activeEntities(TemporaApp app) {
        return app.meters()
                .get(EntityStoreMeters.ENTITIES)
                .tag(EntityStoreMeters.COPY_TAG, "active")
                .gauge()
                .value();
    }
}
