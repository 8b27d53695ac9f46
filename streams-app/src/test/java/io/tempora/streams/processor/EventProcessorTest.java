package io.tempora.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tempora.data.TypeVocabulary;
import io.tempora.model.EntityState;
import io.tempora.model.EventModel;
import io.tempora.model.FeatureStatistics;
import io.tempora.model.ModelArchitecture;
import io.tempora.model.PredictionBuffer;
import io.tempora.model.StreamingScorer;
import io.tempora.nn.Parameter;
import io.tempora.schemas.DeadLetter;
import io.tempora.schemas.Event;
import io.tempora.schemas.Prediction;
import io.tempora.schemas.serde.DeadLetterDeserializer;
import io.tempora.schemas.serde.EventSerializer;
import io.tempora.schemas.serde.PredictionDeserializer;
import io.tempora.schemas.testing.RegistryDevExtension;
import io.tempora.schemas.testing.RegistryDevServer;
import io.tempora.streams.TemporaConfig;
import io.tempora.streams.TemporaTopology;
import io.tempora.streams.Topics;
import io.tempora.streams.model.ModelCatalog;
import io.tempora.streams.model.ServingModel;
import io.tempora.streams.testing.DriverStateDir;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The processor's policies on the real topology ({@link TopologyTestDriver}) with a real schema registry
 * for the Avro wire format: every record in gives exactly one record out, a prediction equal to the
 * model-core streaming API's for the same history, or a dead letter with its reason and raw bytes.
 */
@ExtendWith(RegistryDevExtension.class)
class EventProcessorTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long GRACE_MS = 5_000;
    /** A weight of the dynamics' output layer that makes every solve overflow. */
    private static final double EXPLODING_WEIGHT = 1e300;

    private static final double[] HORIZONS_MS = {1_000, 10_000, 100_000};

    private final RegistryDevServer registry;
    private final AtomicReference<ServingModel> serving = new AtomicReference<>();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> events;
    private TestOutputTopic<byte[], byte[]> predictions;
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private EventSerializer eventSerializer;
    private PredictionDeserializer predictionDeserializer;
    private DeadLetterDeserializer deadLetterDeserializer;

    EventProcessorTest(RegistryDevServer registry) {
        this.registry = registry;
    }

    @BeforeEach
    void start() {
        startDriver(serving::get);
        Map<String, Object> serde = Map.of("schema.registry.url", registry.confluentApiUrl());
        eventSerializer = new EventSerializer();
        eventSerializer.configure(serde, false);
        predictionDeserializer = new PredictionDeserializer();
        predictionDeserializer.configure(serde, false);
        deadLetterDeserializer = new DeadLetterDeserializer();
        deadLetterDeserializer.configure(serde, false);
    }

    /** The topology on a fresh driver, with the serving model from {@code models}. */
    private void startDriver(Supplier<ServingModel> models) {
        TemporaConfig config = new TemporaConfig(driverProps("processor-test", registry.confluentApiUrl()));
        Properties streams = config.streamsProperties();
        driver = new TopologyTestDriver(TemporaTopology.build(config, models), streams);
        events = driver.createInputTopic(Topics.EVENTS, new ByteArraySerializer(), new ByteArraySerializer());
        predictions =
                driver.createOutputTopic(Topics.PREDICTIONS, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        deadLetters =
                driver.createOutputTopic(Topics.EVENTS_DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * The configuration of the processor's driver tests: grace {@link #GRACE_MS}, a ring of 4, horizons
     * {@link #HORIZONS_MS}, the registry at {@code registryUrl}.
     */
    static Map<String, Object> driverProps(String applicationId, String registryUrl) {
        Map<String, Object> props = new HashMap<>();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, DriverStateDir.fresh());
        props.put("schema.registry.url", registryUrl);
        props.put(TemporaConfig.GRACE_MS_CONFIG, GRACE_MS);
        props.put(TemporaConfig.RING_SIZE_CONFIG, 4);
        props.put(TemporaConfig.HORIZONS_MS_CONFIG, "1000,10000,100000");
        return props;
    }

    @AfterEach
    void stop() {
        driver.close();
        eventSerializer.close();
        predictionDeserializer.close();
        deadLetterDeserializer.close();
    }

    static EventModel model(String version, long seed) {
        ModelArchitecture arch = new ModelArchitecture(4, 8, 3, 2, 1);
        return EventModel.create(
                arch,
                1_000.0,
                TypeVocabulary.of("click", "buy"),
                new FeatureStatistics(List.of("amount"), new double[] {10}, new double[] {5}),
                version,
                seed);
    }

    /** A serving version of {@code m} (its version string must be {@code m@version}). */
    static ServingModel serving(long version, EventModel m) {
        return new ServingModel("m", version, m, "sha256:test", Instant.EPOCH, OptionalLong.empty(), false);
    }

    private static Event event(String entity, long time, String type, double amount, String id) {
        return Event.newBuilder()
                .setEntityId(entity)
                .setEventTime(Instant.ofEpochMilli(time))
                .setType(type)
                .setFeatures(Map.of("amount", amount))
                .setEventId(id)
                .build();
    }

    private void send(String key, Event e) {
        events.pipeInput(
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), eventSerializer.serialize(Topics.EVENTS, e));
    }

    private List<Prediction> readPredictions() {
        return readPredictions(predictions, predictionDeserializer);
    }

    /** Every prediction waiting on {@code topic}, each checked to be keyed by its entity id. */
    static List<Prediction> readPredictions(
            TestOutputTopic<byte[], byte[]> topic, PredictionDeserializer deserializer) {
        List<Prediction> out = new ArrayList<>();
        for (TestRecord<byte[], byte[]> r : topic.readRecordsToList()) {
            Prediction p = deserializer.deserialize(Topics.PREDICTIONS, r.value());
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(p.getEntityId());
            out.add(p);
        }
        return out;
    }

    private List<DeadLetter> readDeadLetters() {
        List<DeadLetter> out = new ArrayList<>();
        deadLetters
                .readRecordsToList()
                .forEach(r -> out.add(deadLetterDeserializer.deserialize(Topics.EVENTS_DLQ, r.value())));
        return out;
    }

    @Test
    void eachAcceptedEventGivesOnePredictionEqualToTheStreamingApis() {
        EventModel m = model("m@1", 7);
        serving.set(serving(1, m));
        long[] times = {T0, T0 + 1_500, T0 + 2_000, T0 + 9_000};
        String[] types = {"click", "buy", "click", "click"};
        double[] amounts = {3, 20, 7.5, 11};
        for (int i = 0; i < times.length; i++) {
            send("alice", event("alice", times[i], types[i], amounts[i], "e" + i));
        }
        List<Prediction> out = readPredictions();
        assertThat(out).hasSize(times.length);
        assertThat(readDeadLetters()).isEmpty();

        StreamingScorer scorer = new StreamingScorer(m);
        PredictionBuffer p = scorer.newPredictionBuffer(HORIZONS_MS.length);
        EntityState s = null;
        for (int i = 0; i < times.length; i++) {
            int k = m.types().id(types[i]);
            double ll = Double.NaN;
            if (s == null) {
                s = scorer.start(times[i], k, new double[] {amounts[i]});
            } else {
                ll = scorer.observe(s, times[i], k, new double[] {amounts[i]});
            }
            scorer.predictAndRecordHint(s, HORIZONS_MS, p);
            Prediction got = out.get(i);
            assertThat(got.getModelName()).isEqualTo("m");
            assertThat(got.getModelVersion()).isEqualTo(1);
            assertThat(got.getSourceEventId()).isEqualTo("e" + i);
            assertThat(got.getAsOf().toEpochMilli()).isEqualTo(times[i]);
            if (i == 0) {
                assertThat(got.getEventLogLikelihood())
                        .as("the first event is conditioned on")
                        .isNull();
            } else {
                assertThat(got.getEventLogLikelihood()).isCloseTo(ll + Math.log(1000), within(1e-9));
            }
            assertThat(got.getTotalIntensity()).isCloseTo(p.totalIntensity() * 1000, within(1e-9));
            assertThat(got.getTypeIntensities().get("buy")).isCloseTo(p.intensity(1) * 1000, within(1e-9));
            assertThat(got.getHorizons()).hasSize(3);
            for (int h = 0; h < 3; h++) {
                assertThat(got.getHorizons().get(h).getHorizonMillis()).isEqualTo((long) HORIZONS_MS[h]);
                assertThat(got.getHorizons().get(h).getProbability()).isCloseTo(p.probabilityWithin(h), within(1e-12));
                assertThat(got.getHorizons().get(h).getTypeProbabilities().get("click"))
                        .isCloseTo(p.probabilityWithin(h, 0), within(1e-12));
            }
            assertThat(got.getExpectedMillisToNextEvent()).isCloseTo(p.expectedTimeToNext(), within(1e-9));
            assertThat(got.getNextTypeDistribution().values().stream()
                            .mapToDouble(Double::doubleValue)
                            .sum())
                    .isCloseTo(1.0, within(1e-9));
            assertThat(got.getSolverStatistics().getFunctionEvaluations()).isPositive();
        }
    }

    @Test
    void aModelServingWhenTheTaskStartsIsWarmedThenAndTheFirstPredictionIsUnchanged() {
        EventModel m = model("m@1", 7);
        serving.set(serving(1, m));
        driver.close();
        AtomicInteger asked = new AtomicInteger();
        startDriver(() -> {
            asked.incrementAndGet();
            return serving.get();
        });
        assertThat(asked.get())
                .as("the serving model is asked for while the task starts")
                .isPositive();

        send("alice", event("alice", T0, "buy", 4, "e0"));
        List<Prediction> out = readPredictions();
        assertThat(out).hasSize(1);
        StreamingScorer unwarmed = new StreamingScorer(m);
        PredictionBuffer p = unwarmed.newPredictionBuffer(HORIZONS_MS.length);
        EntityState s = unwarmed.start(T0, m.types().id("buy"), new double[] {4});
        unwarmed.predictAndRecordHint(s, HORIZONS_MS, p);
        Prediction got = out.get(0);
        assertThat(got.getTotalIntensity()).isEqualTo(p.totalIntensity() * 1000);
        for (int h = 0; h < HORIZONS_MS.length; h++) {
            assertThat(got.getHorizons().get(h).getProbability()).isEqualTo(p.probabilityWithin(h));
        }
        assertThat(got.getExpectedMillisToNextEvent()).isEqualTo(p.expectedTimeToNext());
    }

    @Test
    void everyRefusedRecordIsOneDeadLetterWithItsBytesAndTheStreamGoesOn() {
        serving.set(serving(1, model("m@1", 7)));
        send("bob", event("bob", T0 + 10_000, "click", 1, "b0"));
        List<byte[]> rawValues = new ArrayList<>();
        List<String> expected = new ArrayList<>();

        byte[] whole = eventSerializer.serialize(Topics.EVENTS, event("bob", T0 + 10_500, "click", 1, "cut"));
        byte[] corrupt = Arrays.copyOf(whole, whole.length - 4);
        expected.add("CORRUPT_PAYLOAD");
        byte[] unknownMagic = {7, 1, 2, 3, 4, 5};
        expected.add("UNKNOWN_MAGIC_BYTE");
        byte[] unknownId = {0, 0x7f, 0x7f, 0x7f, 0x7f, 2, 4};
        expected.add("UNKNOWN_SCHEMA_ID");
        for (byte[] bad : List.of(corrupt, unknownMagic, unknownId)) {
            events.pipeInput("bob".getBytes(StandardCharsets.UTF_8), bad);
            rawValues.add(bad);
        }
        List<Object[]> refused = List.of(
                new Object[] {"mallory", event("bob", T0 + 11_000, "click", 1, "b1"), "KEY_MISMATCH"},
                new Object[] {"bob", event("bob", T0 + 11_000, "teleport", 1, "b2"), "UNKNOWN_EVENT_TYPE"},
                new Object[] {"bob", event("bob", T0 + 11_000, "click", Double.NaN, "b3"), "NON_FINITE_FEATURE"},
                new Object[] {"bob", event("bob", T0 + 10_000 - GRACE_MS - 1, "click", 1, "b4"), "LATE"},
                new Object[] {"bob", event("bob", T0 + 11_000, "click", 1, "b0"), "DUPLICATE"},
                new Object[] {null, event("bob", T0 + 11_000, "click", 1, "b5"), "MISSING_KEY"});
        for (Object[] r : refused) {
            byte[] bytes = eventSerializer.serialize(Topics.EVENTS, (Event) r[1]);
            events.pipeInput(r[0] == null ? null : ((String) r[0]).getBytes(StandardCharsets.UTF_8), bytes);
            rawValues.add(bytes);
            expected.add((String) r[2]);
        }
        events.pipeInput("bob".getBytes(StandardCharsets.UTF_8), (byte[]) null);
        rawValues.add(null);
        expected.add("NULL_VALUE");
        send("bob", event("bob", T0 + 12_000, "buy", 2, "b6"));

        List<DeadLetter> letters = readDeadLetters();
        assertThat(letters).extracting(DeadLetter::getReasonCode).containsExactlyElementsOf(expected);
        for (int i = 0; i < letters.size(); i++) {
            DeadLetter d = letters.get(i);
            assertThat(d.getSourceTopic()).isEqualTo(Topics.EVENTS);
            assertThat(d.getSourceOffset()).isEqualTo(i + 1);
            assertThat(d.getReasonMessage()).isNotBlank();
            if (rawValues.get(i) == null) {
                assertThat(d.getRawValue()).isNull();
            } else {
                assertThat(bytes(d.getRawValue())).isEqualTo(rawValues.get(i));
            }
        }
        assertThat(readPredictions()).extracting(Prediction::getSourceEventId).containsExactly("b0", "b6");
    }

    @Test
    void anEventWithinTheGracePeriodIsAppliedAtTheStatesTime() {
        serving.set(serving(1, model("m@1", 7)));
        send("carol", event("carol", T0 + 10_000, "click", 1, "c0"));
        send("carol", event("carol", T0 + 10_000 - GRACE_MS, "buy", 1, "c1"));
        List<Prediction> out = readPredictions();
        assertThat(out).extracting(p -> p.getAsOf().toEpochMilli()).containsExactly(T0 + 10_000, T0 + 10_000);
        assertThat(readDeadLetters()).isEmpty();
    }

    @Test
    void beforeAnyModelEventsAreKeptAndTheFirstModelReFiltersThem() {
        long[] times = {T0, T0 + 700, T0 + 1_900};
        for (int i = 0; i < times.length; i++) {
            send("dave", event("dave", times[i], "click", i, "d" + i));
        }
        List<Prediction> early = readPredictions();
        assertThat(early).hasSize(3).allSatisfy(p -> {
            assertThat(p.getModelVersion()).isEqualTo(PredictionMapper.NO_MODEL_VERSION);
            assertThat(p.getTotalIntensity()).isNaN();
        });

        EventModel m = model("m@2", 11);
        serving.set(serving(2, m));
        long t = T0 + 4_000;
        send("dave", event("dave", t, "buy", 5, "d3"));
        Prediction after = readPredictions().get(0);

        StreamingScorer scorer = new StreamingScorer(m);
        EntityState s = scorer.start(times[0], 0, new double[] {0});
        scorer.observe(s, times[1], 0, new double[] {1});
        scorer.observe(s, times[2], 0, new double[] {2});
        double ll = scorer.observe(s, t, 1, new double[] {5});
        PredictionBuffer p = scorer.newPredictionBuffer(3);
        scorer.predictAndRecordHint(s, HORIZONS_MS, p);
        assertThat(after.getModelVersion()).isEqualTo(2);
        assertThat(after.getEventLogLikelihood()).isCloseTo(ll + Math.log(1000), within(1e-9));
        assertThat(after.getTotalIntensity()).isCloseTo(p.totalIntensity() * 1000, within(1e-9));
    }

    @Test
    void aStateMadeByAnotherVersionIsReFilteredFromItsRingAtItsNextEvent() {
        serving.set(serving(1, model("m@1", 7)));
        long[] times = {T0, T0 + 300, T0 + 800, T0 + 1_000, T0 + 2_500};
        for (int i = 0; i < times.length; i++) {
            send("erin", event("erin", times[i], i % 2 == 0 ? "click" : "buy", i, "x" + i));
        }
        readPredictions();
        EventModel v2 = model("m@2", 99);
        serving.set(serving(2, v2));
        long t = T0 + 3_000;
        send("erin", event("erin", t, "click", 4, "x5"));
        Prediction after = readPredictions().get(0);

        // The ring holds the last four events (ring size 4): the re-filtered history starts at the second.
        StreamingScorer scorer = new StreamingScorer(v2);
        EntityState s = scorer.start(times[1], 1, new double[] {1});
        for (int i = 2; i < times.length; i++) {
            scorer.observe(s, times[i], i % 2 == 0 ? 0 : 1, new double[] {i});
        }
        double ll = scorer.observe(s, t, 0, new double[] {4});
        assertThat(after.getModelVersion()).isEqualTo(2);
        assertThat(after.getEventLogLikelihood()).isCloseTo(ll + Math.log(1000), within(1e-9));
    }

    @Test
    void aPinnedVersionServesWhileANewerVersionIsAccepted() {
        EventModel v1 = model("m@1", 7);
        EventModel v2 = model("m@2", 99);
        ModelCatalog catalog = new ModelCatalog(Map.of("m", 1L));
        catalog.accept(serving(1, v1));
        driver.close();
        startDriver(() -> catalog.serving("m").orElse(null));
        send("pat", event("pat", T0, "click", 3, "p0"));
        catalog.accept(serving(2, v2));
        assertThat(catalog.versions("m")).extracting(ServingModel::version).containsExactly(1L, 2L);
        send("pat", event("pat", T0 + 1_200, "buy", 8, "p1"));

        List<Prediction> out = readPredictions();
        assertThat(out).extracting(Prediction::getModelVersion).containsExactly(1L, 1L);
        assertThat(readDeadLetters()).isEmpty();
        double pinned = logLikelihoodOfSecondEvent(v1, true);
        double newest = logLikelihoodOfSecondEvent(v2, true);
        assertThat(Math.abs(pinned - newest))
                .as("the two versions score the event differently")
                .isGreaterThan(1e-6);
        assertThat(out.get(1).getEventLogLikelihood())
                .as("scored by the pinned version 1 along the whole history")
                .isCloseTo(pinned, within(1e-9));
    }

    @Test
    void aPinnedVersionNotYetAcceptedServesNoModelRatherThanAnotherVersion() {
        ModelCatalog catalog = new ModelCatalog(Map.of("m", 2L));
        catalog.accept(serving(1, model("m@1", 7)));
        driver.close();
        startDriver(() -> catalog.serving("m").orElse(null));
        send("quinn", event("quinn", T0, "click", 3, "q0"));
        EventModel v2 = model("m@2", 99);
        catalog.accept(serving(2, v2));
        send("quinn", event("quinn", T0 + 1_200, "buy", 8, "q1"));

        List<Prediction> out = readPredictions();
        assertThat(out).extracting(Prediction::getModelVersion).containsExactly(PredictionMapper.NO_MODEL_VERSION, 2L);
        assertThat(out.get(1).getEventLogLikelihood())
                .as("version 2 re-filters the event kept while no model served")
                .isCloseTo(logLikelihoodOfSecondEvent(v2, false), within(1e-9));
    }

    /**
     * The reported log-likelihood of the second event of the pinned-version tests under {@code m}; with
     * {@code predictedAfterFirst}, a prediction followed the first event (it records the solver's step hint in
     * the state), as when a model scored it; without, the first event is replayed from the ring.
     */
    private static double logLikelihoodOfSecondEvent(EventModel m, boolean predictedAfterFirst) {
        StreamingScorer scorer = new StreamingScorer(m);
        EntityState s = scorer.start(T0, m.types().id("click"), new double[] {3});
        if (predictedAfterFirst) {
            scorer.predictAndRecordHint(s, HORIZONS_MS, scorer.newPredictionBuffer(HORIZONS_MS.length));
        }
        return scorer.observe(s, T0 + 1_200, m.types().id("buy"), new double[] {8}) + Math.log(1000);
    }

    @Test
    void aSolverFailureIsADeadLetterAndLeavesTheEntityAsItWas() {
        EventModel exploding = model("m@1", 7);
        Parameter out = exploding
                .dynamics()
                .layers()
                .get(exploding.dynamics().layers().size() - 1)
                .weight();
        Parameter hiddenBias = exploding.dynamics().layers().get(0).bias();
        exploding.parameters().update(v -> {
            for (int i = 0; i < out.size(); i++) {
                v[out.offset() + i] = EXPLODING_WEIGHT;
            }
            // Non-zero hidden activations even at the initial state, so that the warm-up prediction fails too.
            for (int i = 0; i < hiddenBias.size(); i++) {
                v[hiddenBias.offset() + i] = 1;
            }
        });
        serving.set(serving(1, exploding));
        send("fay", event("fay", T0, "click", 1, "f0"));
        send("fay", event("fay", T0 + 5_000, "buy", 1, "f1"));
        List<DeadLetter> letters = readDeadLetters();
        assertThat(letters)
                .as("neither event can be predicted from")
                .extracting(DeadLetter::getReasonCode)
                .containsExactly("SOLVER_FAILURE", "SOLVER_FAILURE");
        assertThat(letters.get(0).getReasonMessage()).contains("SOLVER_FAILURE");
        assertThat(readPredictions()).isEmpty();

        serving.set(serving(2, model("m@2", 7)));
        send("fay", event("fay", T0 + 6_000, "buy", 1, "f2"));
        List<Prediction> after = readPredictions();
        assertThat(after).extracting(Prediction::getSourceEventId).containsExactly("f2");
        assertThat(after.get(0).getEventLogLikelihood())
                .as("the refused events left no trace: this is the entity's first event")
                .isNull();
        assertThat(readDeadLetters()).isEmpty();
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
