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
import io.tempora.schemas.PredictionTrigger;
import io.tempora.schemas.serde.PredictionDeserializer;
import io.tempora.schemas.testing.RegistryDevExtension;
import io.tempora.schemas.testing.RegistryDevServer;
import io.tempora.streams.TemporaApp;
import io.tempora.streams.TemporaConfig;
import io.tempora.streams.Topics;
import io.tempora.streams.model.ModelParametersMapper;
import io.tempora.streams.model.ModelPublisher;
import io.tempora.streams.model.ModelValidator;
import io.tempora.streams.model.ServingModel;
import io.tempora.streams.testing.EmbeddedKafka;
import io.tempora.trainer.ModelsTestKafka;
import io.tempora.trainer.cli.TemporaMain;
import io.tempora.trainer.models.ModelHistory;
import io.tempora.trainer.models.ModelVersion;
import io.tempora.trainer.service.RunRecord.Decision;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The training service beside the running streams app, end to end: while the app serves version 1, a run of the
 * service publishes version 2 (trained from the events the app is scoring) and the app's predictions switch to
 * version 2 without a restart; then {@code ./tempora models rollback} publishes version 1's parameters as version 3,
 * and the app follows, scoring the same inputs exactly as version 1 did.
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
    private static final double NANOS_PER_SECOND = 1e9;
    private static final Logger log = LoggerFactory.getLogger(TrainerStreamsAppIntegrationTest.class);

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
        return ModelsTestKafka.clients(kafka, registry);
    }

    @Test
    void theAppSwitchesToTheServicesVersionTwoAndFollowsARollbackToVersionOnesParameters() throws Exception {
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
            assertThat(ofEntities(awaitPredictions(produced), "a"))
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

            long published = System.nanoTime();
            awaitServing(running, 2);
            double secondsToV2 = (System.nanoTime() - published) / NANOS_PER_SECOND;
            EventsTopic.produce(
                    clientConfig(),
                    Topics.EVENTS,
                    EventsTopic.simulate(HAWKES, LATER_ENTITIES, EVENTS_PER_ENTITY, 32, "b"));
            produced += LATER_ENTITIES * EVENTS_PER_ENTITY;
            List<Prediction> afterV2 = ofEntities(awaitPredictions(produced), "b");
            assertThat(afterV2)
                    .as("events after the roll are scored with version 2, without a restart")
                    .hasSize(LATER_ENTITIES * EVENTS_PER_ENTITY)
                    .allSatisfy(p -> assertThat(p.getModelVersion()).isEqualTo(2));

            // The rollback, as a user runs it: version 1's parameters published again as version 3.
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = TemporaMain.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            int exit = cli.execute(
                    "models",
                    "rollback",
                    "--name",
                    MODEL,
                    "--bootstrap-servers",
                    kafka.bootstrapServers(),
                    "--schema-registry-url",
                    registry.confluentApiUrl());
            long rolledBack = System.nanoTime();
            System.out.print(out);
            assertThat(exit).as(err.toString()).isZero();
            assertThat(out.toString()).contains("published " + ServingModel.label(MODEL, 3) + " (parent 1,");
            ModelHistory topic = ModelHistory.read(
                    clientConfig(), Topics.MODEL_PARAMETERS, new ModelValidator(Optional.empty()), Map.of(), WAIT);
            ModelVersion v1 = topic.version(MODEL, 1).orElseThrow();
            ModelVersion v2 = topic.version(MODEL, 2).orElseThrow();
            ModelVersion v3 = topic.version(MODEL, 3).orElseThrow();
            assertThat(v3.parentVersion()).hasValue(1);
            assertThat(v3.checksum()).isEqualTo(v1.checksum()).isNotEqualTo(v2.checksum());
            assertThat(topic.serving(MODEL))
                    .hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(3));

            awaitServing(running, 3);
            double secondsToV3 = (System.nanoTime() - rolledBack) / NANOS_PER_SECOND;
            // The first entities' histories again, under new ids: the same inputs version 1 scored at the start.
            List<EventSequence> again = history.subList(0, LATER_ENTITIES).stream()
                    .map(s -> EventSequence.of(s.entityId().replaceFirst("^a-", "c-"), s.times(), s.types()))
                    .toList();
            EventsTopic.produce(clientConfig(), Topics.EVENTS, again);
            produced += LATER_ENTITIES * EVENTS_PER_ENTITY;
            List<Prediction> all = awaitPredictions(produced);
            List<Prediction> afterV3 = ofEntities(all, "c");
            assertThat(afterV3)
                    .as("events after the rollback are scored with version 3, without a restart")
                    .hasSize(LATER_ENTITIES * EVENTS_PER_ENTITY)
                    .allSatisfy(p -> assertThat(p.getModelVersion()).isEqualTo(3));
            Map<String, Prediction> byVersionOne = new HashMap<>();
            ofEntities(all, "a").forEach(p -> byVersionOne.put(p.getSourceEventId(), p));
            for (Prediction p : afterV3) {
                Prediction first = byVersionOne.get(p.getSourceEventId().replaceFirst("^c-", "a-"));
                assertThat(first)
                        .as("version 1's prediction for the event " + p.getSourceEventId())
                        .isNotNull();
                assertThat(scores(p))
                        .as("version 3 (version 1's parameters) scores %s as version 1 did", p.getSourceEventId())
                        .isEqualTo(scores(first));
            }
            log.info(
                    "end to end: version 1 validation NLL {} nats/event, version 2 {} ({} training events, {} "
                            + "held-out scored events, {} s of training); predictions on version 2 {} s after its "
                            + "publish; on version 3 (rollback to version 1, checksum {}) {} s after the rollback; "
                            + "{} predictions, the {} after the rollback equal to version 1's",
                    figure(run.championNllPerEvent()),
                    figure(run.challengerNllPerEvent()),
                    run.trainEvents(),
                    run.validationEvents(),
                    figure(run.trainSeconds()),
                    figure(secondsToV2),
                    v3.checksum(),
                    figure(secondsToV3),
                    all.size(),
                    afterV3.size());
        }
    }

    /** Waits until the app serves {@code version} of the model, then asserts that it does. */
    private static void awaitServing(TemporaApp running, long version) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (running.catalog().serving(MODEL).map(ServingModel::version).orElse(0L) != version
                && System.nanoTime() < deadline) {
            Thread.sleep(POLL.toMillis());
        }
        assertThat(running.catalog().serving(MODEL))
                .hasValueSatisfying(s -> assertThat(s.version()).isEqualTo(version));
    }

    /** The event-triggered predictions for the entities whose ids start with {@code prefix-}. */
    private static List<Prediction> ofEntities(List<Prediction> predictions, String prefix) {
        return predictions.stream()
                .filter(p -> p.getEntityId().startsWith(prefix + "-"))
                .filter(p -> p.getTrigger() == PredictionTrigger.EVENT)
                .toList();
    }

    /** What a prediction says about its event and the next one, without who it is for or which version made it. */
    private static List<Object> scores(Prediction p) {
        return List.of(
                p.getAsOf(),
                String.valueOf(p.getEventLogLikelihood()),
                p.getTotalIntensity(),
                p.getTypeIntensities(),
                p.getHorizons(),
                p.getNextEventQuantiles(),
                p.getExpectedMillisToNextEvent(),
                p.getNextTypeDistribution());
    }

    private static String figure(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
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
