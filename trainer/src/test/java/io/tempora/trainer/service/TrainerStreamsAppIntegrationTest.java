package io.tempora.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import io.tempora.model.EventModel;
import io.tempora.model.FeatureStatistics;
import io.tempora.model.ModelArchitecture;
import io.tempora.pp.BenchmarkProcesses;
import io.tempora.pp.PointProcess;
import io.tempora.schemas.Prediction;
import io.tempora.schemas.serde.PredictionDeserializer;
import io.tempora.schemas.testing.RegistryDevExtension;
import io.tempora.schemas.testing.RegistryDevServer;
import io.tempora.streams.TemporaApp;
import io.tempora.streams.TemporaConfig;
import io.tempora.streams.Topics;
import io.tempora.streams.model.ModelParametersMapper;
import io.tempora.streams.model.ModelPublisher;
import io.tempora.streams.model.ServingModel;
import io.tempora.streams.testing.EmbeddedKafka;
import io.tempora.trainer.service.RunRecord.Decision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The training service beside the running streams app: while the app serves version 1, a run of the service
 * publishes version 2 (trained from the events the app is scoring), and the app's predictions switch to version 2
 * without a restart.
 */
@ExtendWith(RegistryDevExtension.class)
class TrainerStreamsAppIntegrationTest {

    private static final String MODEL = "live";
    private static final PointProcess HAWKES = BenchmarkProcesses.hawkes3Type().process();
    private static final int TYPES = 3;
    private static final int ENTITIES = 40;
    private static final int EVENTS_PER_ENTITY = 50;
    private static final int LATER_ENTITIES = 5;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration POLL = Duration.ofMillis(200);

    private static EmbeddedKafka kafka;

    private final RegistryDevServer registry;

    TrainerStreamsAppIntegrationTest(RegistryDevServer registry) {
        this.registry = registry;
    }

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start(Path.of("target/kafka-trainer-app"), Map.of());
        kafka.createTopics(Topics.definitions(2, (short) 1));
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

    @Test
    void theAppServingVersionOneSwitchesToTheVersionTwoTheServicePublishes() throws Exception {
        // Version 1: the model as initialised, what a first deployment might serve.
        EventModel untrained = EventModel.create(
                new ModelArchitecture(4, 8, ModelArchitecture.DEFAULT_EMBEDDING_DIM, TYPES, 0),
                1_000.0,
                TypeVocabulary.numbered(TYPES),
                FeatureStatistics.NONE,
                ServingModel.label(MODEL, 1),
                5);
        try (ModelPublisher publisher = new ModelPublisher(clientConfig(), Topics.MODEL_PARAMETERS)) {
            publisher.publish(
                    ModelParametersMapper.toAvro(
                            untrained, MODEL, 1, OptionalLong.empty(), Instant.now(), Map.of(), Optional.empty()),
                    WAIT);
        }
        Map<String, Object> app = clientConfig();
        app.put(StreamsConfig.APPLICATION_ID_CONFIG, "tempora-trainer-it");
        app.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createTempDirectory(Path.of("target"), "state-trainer-").toString());
        app.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        app.put(TemporaConfig.MODEL_NAME_CONFIG, MODEL);
        try (TemporaApp running = TemporaApp.start(new TemporaConfig(app), WAIT)) {
            assertThat(running.catalog().serving(MODEL))
                    .hasValueSatisfying(s -> assertThat(s.version()).isEqualTo(1));
            List<EventSequence> history = EventsTopic.simulate(HAWKES, ENTITIES, EVENTS_PER_ENTITY, 31, "a");
            EventsTopic.produce(clientConfig(), Topics.EVENTS, history);
            int produced = ENTITIES * EVENTS_PER_ENTITY;
            assertThat(awaitPredictions(produced))
                    .as("the app scores the history with version 1")
                    .allSatisfy(p -> assertThat(p.getModelVersion()).isEqualTo(1));

            Map<String, Object> trainer = clientConfig();
            trainer.put(TrainerConfig.MODEL_NAME_CONFIG, MODEL);
            trainer.put(TrainerConfig.SECONDS_CONFIG, 4.0);
            trainer.put(TrainerConfig.READ_TIMEOUT_MS_CONFIG, WAIT.toMillis());
            RunRecord run = new TrainService(new TrainerConfig(trainer), r -> {}, Clock.systemUTC()).runOnce();
            System.out.println(RunRecord.JSON_PREFIX + run.toJson());
            assertThat(run.decision()).as(run.reason()).isEqualTo(Decision.PUBLISHED);
            assertThat(run.publishedVersion()).hasValue(2);
            assertThat(run.parentVersion()).hasValue(1);

            long deadline = System.nanoTime() + WAIT.toNanos();
            while (running.catalog().serving(MODEL).map(ServingModel::version).orElse(0L) != 2
                    && System.nanoTime() < deadline) {
                Thread.sleep(POLL.toMillis());
            }
            assertThat(running.catalog().serving(MODEL))
                    .hasValueSatisfying(s -> assertThat(s.version()).isEqualTo(2));
            EventsTopic.produce(
                    clientConfig(),
                    Topics.EVENTS,
                    EventsTopic.simulate(HAWKES, LATER_ENTITIES, EVENTS_PER_ENTITY, 32, "b"));
            List<Prediction> all = awaitPredictions(produced + LATER_ENTITIES * EVENTS_PER_ENTITY);
            List<Prediction> later =
                    all.stream().filter(p -> p.getEntityId().startsWith("b-")).toList();
            assertThat(later)
                    .as("events after the roll are scored with version 2, without a restart")
                    .hasSize(LATER_ENTITIES * EVENTS_PER_ENTITY)
                    .allSatisfy(p -> assertThat(p.getModelVersion()).isEqualTo(2));
        }
    }

    /** The first {@code count} predictions committed (both partitions, read until there are that many). */
    private List<Prediction> awaitPredictions(int count) {
        Map<String, Object> c = clientConfig();
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "trainer-it-reader-" + count);
        List<Prediction> out = new java.util.ArrayList<>();
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
        assertThat(out).hasSize(count);
        return out;
    }
}
