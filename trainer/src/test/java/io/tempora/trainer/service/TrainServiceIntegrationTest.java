package io.tempora.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import io.tempora.model.EventModel;
import io.tempora.model.FeatureStatistics;
import io.tempora.model.ModelArchitecture;
import io.tempora.pp.BenchmarkProcesses;
import io.tempora.pp.PointProcess;
import io.tempora.schemas.Event;
import io.tempora.schemas.ModelParameters;
import io.tempora.schemas.serde.EventSerializer;
import io.tempora.schemas.testing.RegistryDevExtension;
import io.tempora.schemas.testing.RegistryDevServer;
import io.tempora.streams.model.ModelParametersMapper;
import io.tempora.streams.model.ModelPublisher;
import io.tempora.streams.model.ModelSigner;
import io.tempora.streams.model.ModelValidator;
import io.tempora.streams.model.ServingModel;
import io.tempora.streams.model.SignatureVerifier;
import io.tempora.streams.testing.EmbeddedKafka;
import io.tempora.trainer.Evaluator;
import io.tempora.trainer.ModelsTestKafka;
import io.tempora.trainer.baseline.Baselines;
import io.tempora.trainer.models.ModelHistory;
import io.tempora.trainer.models.ModelVersion;
import io.tempora.trainer.service.RunRecord.Decision;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The training service against a real broker (EmbeddedKafka) and the dev schema registry, on topics filled with
 * simulated 3-type Hawkes events: a cold start publishes version 1, which beats the homogeneous-Poisson baseline
 * ({@link Baselines}, the one {@code fit} and {@code evaluate} report) on held-out entities; with a champion serving,
 * a better challenger is published as newest + 1 with its parent and signature, a challenger short of the margin is
 * not, a pinned version missing from the topic fails the run, and a version the validator refuses is never
 * produced.
 */
@ExtendWith(RegistryDevExtension.class)
class TrainServiceIntegrationTest {

    /** Only the Poisson baseline is compared here: LogNormMix gets no training time. */
    private static final double NO_LOGNORMMIX_TRAINING_SECONDS = 0;

    private static final PointProcess HAWKES = BenchmarkProcesses.hawkes3Type().process();
    private static final int TYPES = 3;
    private static final int ENTITIES = 60;
    private static final int EVENTS_PER_ENTITY = 50;
    private static final int HELD_OUT_ENTITIES = 30;
    /** Small models and a short budget keep the test quick; the comparisons below hold with wide room. */
    private static final int LATENT_DIM = 4;

    private static final int HIDDEN_DIM = 8;
    private static final double SECONDS = 6;
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Records older than the default window, on every partition, that a run must not read. */
    private static final int OLD_RECORDS = 10;

    private static final Duration OLD_RECORDS_AGE = Duration.ofDays(8);
    /** A version number no test publishes, pinned to check that a run refuses to guess a champion. */
    private static final long MISSING_VERSION = 99;

    private static EmbeddedKafka kafka;

    private final RegistryDevServer registry;

    TrainServiceIntegrationTest(RegistryDevServer registry) {
        this.registry = registry;
    }

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start(Path.of("target/kafka-trainsvc"), Map.of());
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

    /** Every record of {@code name} on the models topic, in the order written (refused ones too). */
    private List<ModelParameters> written(String topic, String name) {
        return ModelHistory.read(clientConfig(), topic, new ModelValidator(Optional.empty()), Map.of(), WAIT)
                .versions(name)
                .stream()
                .map(ModelVersion::record)
                .toList();
    }

    private static void createTopics(String events, String models) {
        kafka.createTopics(List.of(
                new NewTopic(events, 2, (short) 1),
                new NewTopic(models, 1, (short) 1)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))));
    }

    private Map<String, Object> serviceConfig(String events, String models, String modelName) {
        Map<String, Object> p = clientConfig();
        p.put(TrainerConfig.EVENTS_TOPIC_CONFIG, events);
        p.put(TrainerConfig.MODELS_TOPIC_CONFIG, models);
        p.put(TrainerConfig.MODEL_NAME_CONFIG, modelName);
        p.put(TrainerConfig.LATENT_DIM_CONFIG, LATENT_DIM);
        p.put(TrainerConfig.HIDDEN_DIM_CONFIG, HIDDEN_DIM);
        p.put(TrainerConfig.SECONDS_CONFIG, SECONDS);
        p.put(TrainerConfig.SEED_CONFIG, 3L);
        p.put(TrainerConfig.READ_TIMEOUT_MS_CONFIG, WAIT.toMillis());
        p.put(TrainerConfig.RETRY_ATTEMPTS_CONFIG, 2);
        p.put(TrainerConfig.RETRY_BACKOFF_MS_CONFIG, 100L);
        p.put(TrainerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 100L);
        return p;
    }

    private static RunRecord runOnce(Map<String, Object> props) {
        List<RunRecord> sink = new ArrayList<>();
        RunRecord r = new TrainService(new TrainerConfig(props), sink::add, Clock.systemUTC()).runOnce();
        assertThat(sink).containsExactly(r);
        System.out.println(RunRecord.JSON_PREFIX + r.toJson());
        return r;
    }

    @Test
    void aColdStartPublishesVersionOneThatBeatsAHomogeneousPoissonProcessOnHeldOutEntities() throws Exception {
        String events = "events-cold";
        String models = "models-cold";
        createTopics(events, models);
        List<EventSequence> simulated = EventsTopic.simulate(HAWKES, ENTITIES, EVENTS_PER_ENTITY, 11, "e");
        produceOldRecords(events);
        EventsTopic.produce(clientConfig(), events, simulated);
        produceBadRecords(events);

        RunRecord r = runOnce(serviceConfig(events, models, "hawkes"));

        assertThat(r.decision()).as(r.reason()).isEqualTo(Decision.PUBLISHED);
        assertThat(r.start()).isEqualTo("cold");
        assertThat(r.championVersion()).isEmpty();
        assertThat(r.publishedVersion()).hasValue(1);
        assertThat(r.parentVersion()).isEmpty();
        assertThat(r.recordsRead())
                .as("the good and the bad records, not those older than the window")
                .isEqualTo(ENTITIES * EVENTS_PER_ENTITY + 3);
        assertThat(r.badEvents())
                .containsEntry("MISSING_KEY", 1L)
                .containsEntry("KEY_MISMATCH", 1L)
                .hasSize(3);
        assertThat(r.entities()).isEqualTo(ENTITIES);
        assertThat(r.trainEvents() + r.validationEvents() + Math.round(ENTITIES * 0.2))
                .as("every good event is in training or validation (validation scores all but each first event)")
                .isEqualTo(ENTITIES * EVENTS_PER_ENTITY);

        List<ModelParameters> written = written(models, "hawkes");
        assertThat(written).hasSize(1);
        ModelParameters v1 = written.get(0);
        assertThat(v1.getVersion()).isEqualTo(1);
        assertThat(v1.getParentVersion()).isNull();
        assertThat(v1.getSignature()).isNull();
        assertThat(v1.getTrainingMetrics())
                .containsEntry(TrainingRun.METRIC_VALIDATION_NLL, r.challengerNllPerEvent())
                .containsEntry(TrainingRun.METRIC_WARM_START, 0.0)
                .containsKeys(TrainingRun.METRIC_TRAIN_SECONDS, TrainingRun.METRIC_EVENTS_PER_SECOND)
                .doesNotContainKey(TrainingRun.METRIC_CHAMPION_NLL);
        ServingModel served = new ModelValidator(Optional.empty()).validate("hawkes", v1);
        assertThat(served.model().architecture().latentDim()).isEqualTo(LATENT_DIM);
        assertThat(served.model().types()).isEqualTo(TypeVocabulary.numbered(TYPES));

        List<EventSequence> heldOut =
                EventsTopic.inMillis(EventsTopic.simulate(HAWKES, HELD_OUT_ENTITIES, EVENTS_PER_ENTITY, 12, "h"));
        double model = Evaluator.evaluate(
                        served.model(), Dataset.of(served.model().types(), heldOut), Evaluator.MILLIS_PER_SECOND)
                .nllPerEvent();
        TypeVocabulary types = TypeVocabulary.numbered(TYPES);
        double poisson = Baselines.fit(
                        Dataset.of(types, EventsTopic.inMillis(simulated)),
                        Evaluator.MILLIS_PER_SECOND,
                        NO_LOGNORMMIX_TRAINING_SECONDS)
                .score(Dataset.of(types, heldOut), Evaluator.MILLIS_PER_SECOND)
                .get(Baselines.POISSON)
                .nllPerEvent();
        double truth = trueNll(EventsTopic.simulate(HAWKES, HELD_OUT_ENTITIES, EVENTS_PER_ENTITY, 12, "h"));
        System.out.printf(
                "held-out NLL per event: model %.4f, Poisson MLE %.4f, true process %.4f%n", model, poisson, truth);
        assertThat(model).isLessThan(poisson);

        // The window's other bounds, on the same topic (too few events to train: the runs only read and skip).
        Map<String, Object> readOnly = serviceConfig(events, models, "hawkes");
        readOnly.put(TrainerConfig.MIN_EVENTS_CONFIG, Integer.MAX_VALUE);
        readOnly.put(TrainerConfig.WINDOW_MS_CONFIG, 0L);
        RunRecord everything = runOnce(readOnly);
        assertThat(everything.decision()).isEqualTo(Decision.SKIPPED);
        assertThat(everything.championVersion()).hasValue(1);
        assertThat(everything.recordsRead())
                .as("window.ms=0 reads from the beginning, the old records too")
                .isEqualTo(ENTITIES * EVENTS_PER_ENTITY + 3 + 2 * OLD_RECORDS);
        readOnly.put(TrainerConfig.WINDOW_RECORDS_CONFIG, 100L);
        assertThat(runOnce(readOnly).recordsRead())
                .as("the newest 100 records, 50 per partition")
                .isEqualTo(100);
        assertThat(written(models, "hawkes")).hasSize(1);
    }

    @Test
    void aChallengerIsPublishedAsNewestPlusOneOnlyWhenBetterByTheMarginAndNeverUnlessItValidates() throws Exception {
        String events = "events-gate";
        String models = "models-gate";
        String name = "gate";
        createTopics(events, models);
        KeyPair keys = ModelsTestKafka.keyPair();
        String signing = Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded());
        String verification =
                Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
        // The champion: version 1, signed, its parameters as initialised (an untrained model).
        EventModel untrained = EventModel.create(
                new ModelArchitecture(LATENT_DIM, HIDDEN_DIM, ModelArchitecture.DEFAULT_EMBEDDING_DIM, TYPES, 0),
                1_000.0,
                TypeVocabulary.numbered(TYPES),
                FeatureStatistics.NONE,
                ServingModel.label(name, 1),
                5);
        try (ModelPublisher publisher = new ModelPublisher(clientConfig(), models)) {
            publisher.publish(
                    ModelParametersMapper.toAvro(
                            untrained,
                            name,
                            1,
                            OptionalLong.empty(),
                            Instant.now(),
                            Map.of(),
                            Optional.of(ModelSigner.fromBase64Pkcs8(signing))),
                    WAIT);
        }
        EventsTopic.produce(clientConfig(), events, EventsTopic.simulate(HAWKES, ENTITIES, EVENTS_PER_ENTITY, 21, "g"));
        Map<String, Object> config = serviceConfig(events, models, name);
        config.put(TrainerConfig.MODEL_SIGNING_KEY_CONFIG, signing);
        config.put(TrainerConfig.MODEL_VERIFICATION_KEY_CONFIG, verification);

        RunRecord better = runOnce(config);
        assertThat(better.decision()).as(better.reason()).isEqualTo(Decision.PUBLISHED);
        assertThat(better.start()).isEqualTo("warm");
        assertThat(better.championVersion()).hasValue(1);
        assertThat(better.challengerNllPerEvent()).isLessThan(better.championNllPerEvent());
        assertThat(better.publishedVersion()).hasValue(2);
        assertThat(better.parentVersion()).hasValue(1);
        List<ModelParameters> written = written(models, name);
        assertThat(written).extracting(ModelParameters::getVersion).containsExactly(1L, 2L);
        ModelParameters v2 = written.get(1);
        assertThat(v2.getParentVersion()).isEqualTo(1L);
        assertThat(v2.getTrainingMetrics())
                .containsEntry(TrainingRun.METRIC_CHAMPION_NLL, better.championNllPerEvent())
                .containsEntry(TrainingRun.METRIC_VALIDATION_NLL, better.challengerNllPerEvent())
                .containsEntry(TrainingRun.METRIC_CHAMPION_VERSION, 1.0)
                .containsEntry(TrainingRun.METRIC_WARM_START, 1.0);
        ServingModel v2Served =
                new ModelValidator(Optional.of(SignatureVerifier.fromBase64X509(verification))).validate(name, v2);
        assertThat(v2Served.signed()).isTrue();

        Map<String, Object> strict = new HashMap<>(config);
        strict.put(TrainerConfig.MARGIN_CONFIG, 5.0);
        strict.put(TrainerConfig.SECONDS_CONFIG, 2.0);
        RunRecord kept = runOnce(strict);
        assertThat(kept.decision()).as(kept.reason()).isEqualTo(Decision.KEPT_CHAMPION);
        assertThat(kept.championVersion()).hasValue(2);
        assertThat(kept.championNllPerEvent()).isCloseTo(better.challengerNllPerEvent(), within(1e-9));
        assertThat(kept.challengerNllPerEvent()).isFinite();
        assertThat(kept.publishedVersion()).isEmpty();
        assertThat(kept.toJson()).contains("\"decision\":\"kept_champion\"", "\"champion_version\":2");

        // No better than the champion, even at margin 0: a budget too short for one batch leaves the warm start's
        // parameters, the champion's own, so both score the same and the champion stays.
        Map<String, Object> noBetter = new HashMap<>(config);
        noBetter.put(TrainerConfig.MARGIN_CONFIG, 0.0);
        noBetter.put(TrainerConfig.SECONDS_CONFIG, NO_TIME_TO_TRAIN_SECONDS);
        RunRecord same = runOnce(noBetter);
        assertThat(same.decision()).as(same.reason()).isEqualTo(Decision.KEPT_CHAMPION);
        assertThat(same.championVersion()).hasValue(2);
        assertThat(same.challengerNllPerEvent()).isGreaterThanOrEqualTo(same.championNllPerEvent());
        assertThat(same.publishedVersion()).isEmpty();

        strict.put(TrainerConfig.MODEL_PINNED_VERSION_CONFIG, 1L);
        RunRecord pinned = runOnce(strict);
        assertThat(pinned.decision()).as(pinned.reason()).isEqualTo(Decision.KEPT_CHAMPION);
        assertThat(pinned.championVersion())
                .as("the pinned version is the champion")
                .hasValue(1);
        assertThat(pinned.championNllPerEvent()).isCloseTo(better.championNllPerEvent(), within(1e-9));
        strict.put(TrainerConfig.MODEL_PINNED_VERSION_CONFIG, MISSING_VERSION);
        RunRecord missingPin = runOnce(strict);
        assertThat(missingPin.decision())
                .as("a pinned version that is not on the topic fails the run; no other champion is substituted")
                .isEqualTo(Decision.FAILED);
        assertThat(missingPin.reason()).contains("version " + MISSING_VERSION, "is pinned", "nothing is trained");

        // Signed with one key but checked against another: the new version does not validate and is never produced.
        String otherKey = Base64.getEncoder()
                .encodeToString(ModelsTestKafka.keyPair().getPublic().getEncoded());
        Map<String, Object> mismatched = new HashMap<>(config);
        mismatched.put(TrainerConfig.MODEL_VERIFICATION_KEY_CONFIG, otherKey);
        mismatched.put(TrainerConfig.SECONDS_CONFIG, 1.0);
        RunRecord refused = runOnce(mismatched);
        assertThat(refused.decision()).isEqualTo(Decision.FAILED);
        assertThat(refused.reason()).contains("does not validate", "BAD_SIGNATURE");
        assertThat(refused.challengerNllPerEvent())
                .as("the figures are recorded with the failure")
                .isFinite();
        assertThat(refused.publishedVersion()).isEmpty();
        assertThat(written(models, name))
                .extracting(ModelParameters::getVersion)
                .containsExactly(1L, 2L);
    }

    /** A training budget shorter than the first validation pass: nothing is trained. */
    private static final double NO_TIME_TO_TRAIN_SECONDS = 1e-3;

    /** Good events whose records are stamped {@link #OLD_RECORDS_AGE} ago: before the default 7-day window. */
    private void produceOldRecords(String topic) throws Exception {
        long stamp = Instant.now().minus(OLD_RECORDS_AGE).toEpochMilli();
        List<ProducerRecord<byte[], byte[]>> old = new ArrayList<>();
        try (EventSerializer serializer = new EventSerializer()) {
            serializer.configure(clientConfig(), false);
            for (int i = 0; i < OLD_RECORDS; i++) {
                String entity = "old-" + (i % 2);
                Event e = Event.newBuilder()
                        .setEntityId(entity)
                        .setEventTime(Instant.ofEpochMilli(EventsTopic.T0_MS + 1000L * i))
                        .setType("0")
                        .build();
                for (int p = 0; p < 2; p++) {
                    old.add(new ProducerRecord<>(
                            topic, p, stamp, EventsTopic.key(entity), serializer.serialize(topic, e)));
                }
            }
        }
        EventsTopic.produceRaw(clientConfig(), topic, old);
    }

    /** A record without a key, one whose key is not its entity, and one whose bytes are not an event. */
    private void produceBadRecords(String topic) throws Exception {
        Map<String, Object> c = clientConfig();
        try (EventSerializer serializer = new EventSerializer()) {
            serializer.configure(c, false);
            byte[] good = serializer.serialize(
                    topic,
                    Event.newBuilder()
                            .setEntityId("someone")
                            .setEventTime(Instant.ofEpochMilli(EventsTopic.T0_MS))
                            .setType("0")
                            .build());
            EventsTopic.produceRaw(
                    c,
                    topic,
                    List.of(
                            new ProducerRecord<>(topic, null, good),
                            new ProducerRecord<>(topic, EventsTopic.key("someone-else"), good),
                            new ProducerRecord<>(
                                    topic,
                                    EventsTopic.key("garbage"),
                                    "not an event".getBytes(StandardCharsets.UTF_8))));
        }
    }

    /** The true process's NLL per scored event under the evaluate convention (times in seconds). */
    private static double trueNll(List<EventSequence> sequences) {
        double ll = 0;
        long n = 0;
        for (EventSequence s : sequences) {
            ll += HAWKES.logLikelihood(s, 1, s.size());
            n += s.size() - 1;
        }
        return -ll / n;
    }
}
