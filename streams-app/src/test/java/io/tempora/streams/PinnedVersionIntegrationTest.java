package io.tempora.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.data.TypeVocabulary;
import io.tempora.model.EventModel;
import io.tempora.model.FeatureStatistics;
import io.tempora.model.ModelArchitecture;
import io.tempora.schemas.Event;
import io.tempora.schemas.Prediction;
import io.tempora.schemas.serde.EventSerializer;
import io.tempora.schemas.serde.PredictionDeserializer;
import io.tempora.schemas.testing.RegistryDevExtension;
import io.tempora.schemas.testing.RegistryDevServer;
import io.tempora.streams.model.ModelParametersMapper;
import io.tempora.streams.model.ModelPublisher;
import io.tempora.streams.model.ServingModel;
import io.tempora.streams.testing.EmbeddedKafka;
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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code tempora.model.pinned.version} on the running application: with versions 1 and 2 on the models topic
 * and version 1 pinned, both are validated and accepted, and version 1 scores every event.
 */
@ExtendWith(RegistryDevExtension.class)
class PinnedVersionIntegrationTest {

    private static final String MODEL = "m";
    private static final long PINNED = 1;
    private static final long NEWEST = 2;
    private static final int EVENTS = 24;
    private static final int ENTITIES = 6;
    private static final long T0 = 1_700_000_000_000L;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration POLL = Duration.ofMillis(200);

    private static EmbeddedKafka kafka;

    private final RegistryDevServer registry;

    PinnedVersionIntegrationTest(RegistryDevServer registry) {
        this.registry = registry;
    }

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start(Path.of("target/kafka-pinned"), Map.of());
        kafka.createTopics(Topics.definitions(1, (short) 1));
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private Map<String, Object> clientConfig() {
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", kafka.bootstrapServers());
        c.put("schema.registry.url", registry.confluentApiUrl());
        return c;
    }

    private void publish(ModelPublisher publisher, long version, long seed) {
        EventModel model = EventModel.create(
                new ModelArchitecture(4, 8, 3, 2, 1),
                1_000.0,
                TypeVocabulary.of("click", "buy"),
                new FeatureStatistics(List.of("amount"), new double[] {10}, new double[] {5}),
                ServingModel.label(MODEL, version),
                seed);
        publisher.publish(
                ModelParametersMapper.toAvro(
                        model, MODEL, version, OptionalLong.empty(), Instant.now(), Map.of(), Optional.empty()),
                WAIT);
    }

    private void produceEvents() {
        Map<String, Object> c = clientConfig();
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (EventSerializer serializer = new EventSerializer();
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer())) {
            serializer.configure(c, false);
            for (int i = 0; i < EVENTS; i++) {
                String entity = "entity-" + (i % ENTITIES);
                Event e = Event.newBuilder()
                        .setEntityId(entity)
                        .setEventTime(Instant.ofEpochMilli(T0 + 900L * (i / ENTITIES)))
                        .setType(i % 2 == 0 ? "click" : "buy")
                        .setFeatures(Map.of("amount", (double) i))
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

    private List<Prediction> awaitPredictions(int count) {
        Map<String, Object> c = clientConfig();
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "pinned-reader");
        List<Prediction> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                PredictionDeserializer deserializer = new PredictionDeserializer()) {
            deserializer.configure(c, false);
            consumer.subscribe(List.of(Topics.PREDICTIONS));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                consumer.poll(POLL).forEach(r -> out.add(deserializer.deserialize(r.topic(), r.value())));
            }
        }
        return out;
    }

    @Test
    void thePinnedVersionServesThoughANewerOneIsAccepted() throws Exception {
        try (ModelPublisher publisher = new ModelPublisher(clientConfig(), Topics.MODEL_PARAMETERS)) {
            publish(publisher, PINNED, 7);
            publish(publisher, NEWEST, 99);
        }
        Map<String, Object> p = clientConfig();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "tempora-pinned-it");
        p.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createTempDirectory(Path.of("target"), "state-pinned-").toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(TemporaConfig.MODEL_NAME_CONFIG, MODEL);
        p.put(TemporaConfig.MODEL_PINNED_VERSION_CONFIG, PINNED);
        try (TemporaApp app = TemporaApp.start(new TemporaConfig(p), WAIT)) {
            assertThat(app.catalog().versions(MODEL))
                    .as("both versions are validated and accepted")
                    .extracting(ServingModel::version)
                    .containsExactly(PINNED, NEWEST);
            assertThat(app.catalog().serving(MODEL))
                    .hasValueSatisfying(s -> assertThat(s.version()).isEqualTo(PINNED));
            produceEvents();
            List<Prediction> predictions = awaitPredictions(EVENTS);
            assertThat(predictions).hasSize(EVENTS).allSatisfy(pr -> assertThat(pr.getModelVersion())
                    .isEqualTo(PINNED));
        }
    }
}
