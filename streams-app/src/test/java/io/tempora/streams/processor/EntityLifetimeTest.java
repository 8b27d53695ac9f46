package io.tempora.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tempora.model.EventModel;
import io.tempora.model.PredictionBuffer;
import io.tempora.model.StreamingScorer;
import io.tempora.schemas.EntityStatus;
import io.tempora.schemas.Event;
import io.tempora.schemas.Prediction;
import io.tempora.schemas.PredictionTrigger;
import io.tempora.schemas.serde.EventSerializer;
import io.tempora.schemas.serde.PredictionDeserializer;
import io.tempora.schemas.testing.RegistryDevExtension;
import io.tempora.schemas.testing.RegistryDevServer;
import io.tempora.streams.TemporaConfig;
import io.tempora.streams.TemporaTopology;
import io.tempora.streams.Topics;
import io.tempora.streams.model.ServingModel;
import io.tempora.streams.state.EntityRecord;
import io.tempora.streams.state.EntityRecordSerde;
import io.tempora.streams.state.LifetimeKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * State lifetime and timer predictions on the real topology ({@link TopologyTestDriver}, whose wall clock the
 * tests advance) with a real schema registry: entities past the TTL are evicted, a bounded number per
 * punctuation, and come back as {@link EntityStatus#RETURNED_AFTER_EVICTION}; timer predictions visit a bounded
 * batch of quiet entities per punctuation and leave the stored bytes as they were; the processor's counters say
 * what it did.
 */
@ExtendWith(RegistryDevExtension.class)
class EntityLifetimeTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long TTL_MS = 60_000;
    private static final long CHECK_MS = 1_000;
    private static final double[] HORIZONS_MS = {1_000, 10_000, 100_000};
    /** The driver's wall clock at the start of the timer tests: a day after the events. */
    private static final Instant WALL_START =
            Instant.ofEpochMilli(T0 + Duration.ofDays(1).toMillis());

    private static final long TIMER_MS = 10_000;
    private static final long QUIET_MS = 60_000;

    private final RegistryDevServer registry;
    private final AtomicReference<ServingModel> serving = new AtomicReference<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ProcessorMetrics processorMetrics = new ProcessorMetrics(meters);
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> events;
    private TestOutputTopic<byte[], byte[]> predictions;
    private EventSerializer eventSerializer;
    private PredictionDeserializer predictionDeserializer;

    EntityLifetimeTest(RegistryDevServer registry) {
        this.registry = registry;
    }

    @BeforeEach
    void serdes() {
        Map<String, Object> serde = Map.of("schema.registry.url", registry.confluentApiUrl());
        eventSerializer = new EventSerializer();
        eventSerializer.configure(serde, false);
        predictionDeserializer = new PredictionDeserializer();
        predictionDeserializer.configure(serde, false);
        serving.set(EventProcessorTest.serving(1, EventProcessorTest.model("m@1", 7)));
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
        eventSerializer.close();
        predictionDeserializer.close();
    }

    /** The topology with {@code extra} configuration on a driver whose wall clock starts at {@code wallStart}. */
    private void startDriver(Map<String, Object> extra, Instant wallStart) {
        Map<String, Object> props = EventProcessorTest.driverProps("lifetime-test", registry.confluentApiUrl());
        props.putAll(extra);
        TemporaConfig config = new TemporaConfig(props);
        driver = new TopologyTestDriver(
                TemporaTopology.build(config, serving::get, processorMetrics), config.streamsProperties(), wallStart);
        events = driver.createInputTopic(Topics.EVENTS, new ByteArraySerializer(), new ByteArraySerializer());
        predictions =
                driver.createOutputTopic(Topics.PREDICTIONS, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private void startWithTtl(Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(extra);
        props.put(TemporaConfig.STATE_TTL_MS_CONFIG, TTL_MS);
        props.put(TemporaConfig.STATE_TTL_CHECK_INTERVAL_MS_CONFIG, CHECK_MS);
        startDriver(props, Instant.now());
    }

    private void send(String entity, long time, String id) {
        Event e = Event.newBuilder()
                .setEntityId(entity)
                .setEventTime(Instant.ofEpochMilli(time))
                .setType("click")
                .setFeatures(Map.of("amount", 3.0))
                .setEventId(id)
                .build();
        events.pipeInput(entity.getBytes(StandardCharsets.UTF_8), eventSerializer.serialize(Topics.EVENTS, e));
    }

    private List<Prediction> readPredictions() {
        return EventProcessorTest.readPredictions(predictions, predictionDeserializer);
    }

    private Prediction only(List<Prediction> out) {
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    private KeyValueStore<String, EntityRecord> entities() {
        return driver.getKeyValueStore(Topics.ENTITY_STATE_STORE);
    }

    /** The lifetime index's entity entries as "LIVE id@time" and "EVICTED id@time", in key order. */
    private List<String> index() {
        KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(Topics.ENTITY_LIFETIME_STORE);
        List<String> out = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext()) {
                Bytes k = it.next().key;
                if (k.equals(LifetimeKeys.INDEX_COMPLETE)) {
                    continue;
                }
                out.add((LifetimeKeys.section(k) == LifetimeKeys.LIVE ? "LIVE " : "EVICTED ") + LifetimeKeys.entityId(k)
                        + "@" + (LifetimeKeys.timeMs(k) - T0));
            }
        }
        return out;
    }

    /** The processor's count of stored entities over the driver's task. */
    private long entityCount() {
        return processorMetrics.entityCounts().total();
    }

    private double counter(String name, String... tags) {
        return meters.get(name).tags(tags).counter().count();
    }

    @Test
    void entitiesPastTheTtlAreEvictedByThePunctuationAndReturnFresh() {
        startWithTtl(Map.of());
        send("alice", T0, "a0");
        send("bob", T0 + 3_000, "b0");
        send("carol", T0 + 30_000, "c0");
        assertThat(readPredictions()).extracting(Prediction::getEntityStatus).containsOnly(EntityStatus.NEW);
        // carol's event at T0 + 62 s moves the watermark: alice (T0) is more than the TTL behind it, bob (T0 + 3 s)
        // not.
        send("carol", T0 + 62_000, "c1");
        assertThat(only(readPredictions()).getEntityStatus()).isEqualTo(EntityStatus.CONTINUING);
        assertThat(index()).containsExactly("LIVE alice@0", "LIVE bob@3000", "LIVE carol@62000");
        assertThat(entityCount()).isEqualTo(3);

        driver.advanceWallClockTime(Duration.ofMillis(CHECK_MS));
        assertThat(entityCount()).as("alice evicted by the punctuation").isEqualTo(2);

        assertThat(entities().get("alice")).isNull();
        assertThat(entities().get("bob")).isNotNull();
        assertThat(index()).containsExactly("LIVE bob@3000", "LIVE carol@62000", "EVICTED alice@0");
        assertThat(counter(ProcessorMetrics.ENTITIES_EVICTED)).isEqualTo(1);

        send("alice", T0 + 63_000, "a1");
        Prediction back = only(readPredictions());
        assertThat(back.getEntityStatus()).isEqualTo(EntityStatus.RETURNED_AFTER_EVICTION);
        assertThat(back.getEventLogLikelihood())
                .as("the returning entity's first event is conditioned on, as a new entity's is")
                .isNull();
        assertThat(entities().get("alice").eventCount()).isEqualTo(1);
        assertThat(index()).containsExactly("LIVE bob@3000", "LIVE carol@62000", "LIVE alice@63000");
        assertThat(entityCount()).as("alice back").isEqualTo(3);

        send("alice", T0 + 64_000, "a2");
        assertThat(only(readPredictions()).getEntityStatus()).isEqualTo(EntityStatus.CONTINUING);
        send("dave", T0 + 64_000, "d0");
        assertThat(only(readPredictions()).getEntityStatus()).isEqualTo(EntityStatus.NEW);
        assertThat(entityCount()).isEqualTo(4).isEqualTo(EntityLifetime.countStored(entities()));
    }

    @Test
    void eachPunctuationEvictsAtMostTheConfiguredNumberOldestFirst() {
        startWithTtl(Map.of(TemporaConfig.STATE_TTL_MAX_EVICTIONS_CONFIG, 2));
        for (int i = 0; i < 5; i++) {
            send("e" + i, T0 + i, "x" + i);
        }
        send("late-comer", T0 + TTL_MS + 10, "y");
        assertThat(EntityLifetime.countStored(entities())).isEqualTo(6);

        List<Long> remaining = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            driver.advanceWallClockTime(Duration.ofMillis(CHECK_MS));
            remaining.add(EntityLifetime.countStored(entities()));
        }
        assertThat(remaining).containsExactly(4L, 2L, 1L);
        assertThat(entities().get("late-comer")).isNotNull();
        assertThat(counter(ProcessorMetrics.ENTITIES_EVICTED)).isEqualTo(5);
        assertThat(index()).filteredOn(e -> e.startsWith("EVICTED")).hasSize(5);
    }

    @Test
    void entitiesStoredBeforeTheIndexExistedAreIndexedInBoundedStepsAndThenEvicted() {
        startWithTtl(Map.of(TemporaConfig.STATE_TTL_MAX_EVICTIONS_CONFIG, 2));
        for (int i = 0; i < 3; i++) {
            send("old" + i, T0 + i, "o" + i);
        }
        // A store from before the index: the entities are there, their index entries are not.
        KeyValueStore<Bytes, byte[]> indexStore = driver.getKeyValueStore(Topics.ENTITY_LIFETIME_STORE);
        for (int i = 0; i < 3; i++) {
            indexStore.delete(LifetimeKeys.key(LifetimeKeys.LIVE, T0 + i, "old" + i));
        }
        assertThat(index()).isEmpty();
        send("new", T0 + TTL_MS + 10, "n0");

        driver.advanceWallClockTime(Duration.ofMillis(CHECK_MS));
        assertThat(indexStore.get(LifetimeKeys.INDEX_COMPLETE)).isNull();
        assertThat(EntityLifetime.countStored(entities()))
                .as("two entities indexed (new, old0, in id order) and old0, being expired, evicted")
                .isEqualTo(3);
        driver.advanceWallClockTime(Duration.ofMillis(CHECK_MS));
        assertThat(EntityLifetime.countStored(entities())).isEqualTo(1);
        assertThat(entities().get("new")).isNotNull();
        assertThat(indexStore.get(LifetimeKeys.INDEX_COMPLETE))
                .as("every stored entity has its entry now")
                .isNotNull();
        assertThat(index())
                .containsExactly("LIVE new@" + (TTL_MS + 10), "EVICTED old0@0", "EVICTED old1@1", "EVICTED old2@2");
    }

    @Test
    void withNeitherTtlNorTimersEventsWriteNoIndex() {
        startDriver(Map.of(), Instant.now());
        send("alice", T0, "a0");
        send("alice", T0 + 1_000, "a1");
        send("bob", T0 + 2_000, "b0");
        assertThat(readPredictions()).hasSize(3);
        assertThat(index()).isEmpty();
        assertThat(entityCount()).isEqualTo(2);
    }

    @Test
    void anIndexLeftByARunThatKeptItIsDroppedWhenNeitherTtlNorTimersAreOn() {
        startDriver(Map.of(), Instant.now());
        KeyValueStore<Bytes, byte[]> indexStore = driver.getKeyValueStore(Topics.ENTITY_LIFETIME_STORE);
        // What a run with a TTL leaves: entries (one stale by now), the completeness mark and a marker.
        indexStore.put(LifetimeKeys.key(LifetimeKeys.LIVE, T0, "alice"), new byte[0]);
        indexStore.put(LifetimeKeys.key(LifetimeKeys.LIVE, T0 + 5, "bob"), new byte[0]);
        indexStore.put(LifetimeKeys.key(LifetimeKeys.EVICTED, T0 + 1, "carol"), new byte[0]);
        indexStore.put(LifetimeKeys.INDEX_COMPLETE, new byte[0]);

        send("alice", T0 + 1_000, "a1");

        assertThat(indexStore.get(LifetimeKeys.INDEX_COMPLETE))
                .as("a later run with a TTL rebuilds the index rather than trust one not kept in step")
                .isNull();
        assertThat(index()).containsExactly("EVICTED carol@1");
    }

    @Test
    void anExpiredEntityStartsFreshAtItsOwnNextEventWhetherOrNotThePunctuationRan() {
        startWithTtl(Map.of());
        send("alice", T0, "a0");
        send("alice", T0 + 1_000, "a1");
        readPredictions();
        assertThat(entityCount()).isEqualTo(1);
        send("alice", T0 + 1_000 + TTL_MS + 1, "a2");

        Prediction back = only(readPredictions());
        assertThat(back.getEntityStatus()).isEqualTo(EntityStatus.RETURNED_AFTER_EVICTION);
        assertThat(back.getEventLogLikelihood()).isNull();
        assertThat(entities().get("alice").eventCount()).isEqualTo(1);
        assertThat(index()).containsExactly("LIVE alice@" + (1_000 + TTL_MS + 1));
        assertThat(counter(ProcessorMetrics.ENTITIES_EVICTED)).isEqualTo(1);
        assertThat(entityCount())
                .as("evicted and stored again at the same event: still one entity")
                .isEqualTo(1);
    }

    @Test
    void theEntityCountIsTheEntitiesStoredHoweverManyEventsEachAndGoesWhenTheTaskCloses() {
        startDriver(Map.of(), Instant.now());
        int entities = 5;
        int eventsEach = 12;
        for (int k = 0; k < eventsEach; k++) {
            for (int i = 0; i < entities; i++) {
                send("e" + i, T0 + k * 1_000L, "e" + i + "-" + k);
            }
        }
        send("e0", T0 + (eventsEach - 1) * 1_000L, "e0-" + (eventsEach - 1));
        assertThat(readPredictions()).hasSize(entities * eventsEach);
        assertThat(counter(ProcessorMetrics.DEAD_LETTERS, ProcessorMetrics.REASON_TAG, "DUPLICATE"))
                .as("a refused event stores nothing")
                .isEqualTo(1);

        assertThat(entityCount()).isEqualTo(entities).isEqualTo(EntityLifetime.countStored(entities()));

        driver.close();
        driver = null;
        assertThat(entityCount()).as("a closed task counts nothing").isZero();
    }

    @Test
    void anEvictionIsRememberedForTheRetentionThenTheEntityIsNewAgain() {
        long retention = 30_000;
        startWithTtl(Map.of(TemporaConfig.STATE_EVICTED_RETENTION_MS_CONFIG, retention));
        send("alice", T0, "a0");
        send("bob", T0 + TTL_MS + 1, "b0");
        driver.advanceWallClockTime(Duration.ofMillis(CHECK_MS));
        assertThat(index()).containsExactly("LIVE bob@" + (TTL_MS + 1), "EVICTED alice@0");

        // bob's events move the watermark past alice's last event plus the TTL and the retention.
        send("bob", T0 + TTL_MS + retention + 1, "b1");
        driver.advanceWallClockTime(Duration.ofMillis(CHECK_MS));
        assertThat(index()).containsExactly("LIVE bob@" + (TTL_MS + retention + 1));
        readPredictions();

        send("alice", T0 + TTL_MS + retention + 2, "a1");
        assertThat(only(readPredictions()).getEntityStatus())
                .as("the marker is forgotten: the app cannot tell this from a first appearance")
                .isEqualTo(EntityStatus.NEW);
    }

    @Test
    void anEventStampedAheadOfTheWallClockMovesTheWatermarkOnlyToTheWallClock() {
        long wall = T0 + 10_000;
        startDriver(
                Map.of(
                        TemporaConfig.STATE_TTL_MS_CONFIG, TTL_MS,
                        TemporaConfig.STATE_TTL_CHECK_INTERVAL_MS_CONFIG, CHECK_MS),
                Instant.ofEpochMilli(wall));
        send("alice", T0, "a0");
        send("bob", T0 + Duration.ofDays(3_650).toMillis(), "b0");
        driver.advanceWallClockTime(Duration.ofMillis(CHECK_MS));

        assertThat(entities().get("alice"))
                .as("alice is TTL-expired only by bob's time ten years ahead, not by the wall clock")
                .isNotNull();
        assertThat(counter(ProcessorMetrics.ENTITIES_EVICTED)).isZero();
    }

    @Test
    void withoutATtlAnEntityQuietForTenTimesTheTestTtlContinues() {
        startDriver(Map.of(), Instant.now());
        send("alice", T0, "a0");
        send("bob", T0 + 10 * TTL_MS, "b0");
        driver.advanceWallClockTime(Duration.ofDays(1));
        send("alice", T0 + 10 * TTL_MS, "a1");

        assertThat(readPredictions())
                .extracting(Prediction::getEntityStatus)
                .containsExactly(EntityStatus.NEW, EntityStatus.NEW, EntityStatus.CONTINUING);
        assertThat(entities().get("alice").eventCount()).isEqualTo(2);
        assertThat(counter(ProcessorMetrics.ENTITIES_EVICTED)).isZero();
    }

    @Test
    void timerPredictionsVisitABoundedBatchOfQuietEntitiesAndLeaveTheStoredBytes() {
        startDriver(
                Map.of(
                        TemporaConfig.TIMER_INTERVAL_MS_CONFIG, TIMER_MS,
                        TemporaConfig.TIMER_QUIET_MS_CONFIG, QUIET_MS,
                        TemporaConfig.TIMER_MAX_PREDICTIONS_CONFIG, 2),
                WALL_START);
        long wall = WALL_START.toEpochMilli();
        send("q0", T0, "a");
        send("q1", T0 + 1, "b");
        send("q2", T0 + 2, "c");
        send("busy", wall - 1_000, "d");
        readPredictions();
        Map<String, String> before = storedBytes();

        List<List<String>> rounds = new ArrayList<>();
        List<Prediction> timers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            driver.advanceWallClockTime(Duration.ofMillis(TIMER_MS));
            List<Prediction> out = readPredictions();
            rounds.add(out.stream().map(Prediction::getEntityId).toList());
            timers.addAll(out);
        }

        assertThat(rounds)
                .as("two per punctuation, oldest first; the round ends with q2 and the next starts again")
                .containsExactly(List.of("q0", "q1"), List.of("q2"), List.of("q0", "q1"));
        assertThat(timers).allSatisfy(p -> {
            assertThat(p.getTrigger()).isEqualTo(PredictionTrigger.TIMER);
            assertThat(p.getSourceEventId()).isNull();
            assertThat(p.getEventLogLikelihood()).isNull();
            assertThat(p.getEntityStatus()).isEqualTo(EntityStatus.CONTINUING);
        });
        assertThat(timers.get(0).getAsOf().toEpochMilli()).isEqualTo(wall + TIMER_MS);
        assertThat(timers.get(2).getAsOf().toEpochMilli()).isEqualTo(wall + 2 * TIMER_MS);
        assertThat(storedBytes())
                .as("timer predictions leave every stored record's bytes as they were")
                .containsExactlyInAnyOrderEntriesOf(before);

        // The first timer prediction is q0's stored state evolved to the punctuation time.
        EventModel m = serving.get().model();
        StreamingScorer scorer = new StreamingScorer(m);
        PredictionBuffer p = scorer.newPredictionBuffer(HORIZONS_MS.length);
        scorer.predict(entities().get("q0").state(), wall + TIMER_MS, HORIZONS_MS, p);
        assertThat(timers.get(0).getTotalIntensity()).isCloseTo(p.totalIntensity() * 1000, within(1e-9));
        assertThat(timers.get(0).getHorizons().get(2).getProbability())
                .isCloseTo(p.probabilityWithin(2), within(1e-12));
        assertThat(counter(ProcessorMetrics.PREDICTIONS, ProcessorMetrics.TRIGGER_TAG, "TIMER"))
                .isEqualTo(5);
        assertThat(counter(ProcessorMetrics.PREDICTIONS, ProcessorMetrics.TRIGGER_TAG, "EVENT"))
                .isEqualTo(4);
    }

    @Test
    void timerPredictionsAreOffByDefault() {
        startDriver(Map.of(), WALL_START);
        send("q0", T0, "a");
        readPredictions();
        driver.advanceWallClockTime(Duration.ofDays(1));
        assertThat(readPredictions()).isEmpty();
    }

    @Test
    void theCountersSeparateAcceptedEventsPredictionsByTriggerAndReFilters() {
        startDriver(Map.of(), Instant.now());
        send("erin", T0, "e0");
        send("erin", T0 + 1_000, "e1");
        send("erin", T0 + 1_000, "e1");
        assertThat(counter(ProcessorMetrics.REFILTERS))
                .as("a new entity has no state to re-filter")
                .isZero();
        serving.set(EventProcessorTest.serving(2, EventProcessorTest.model("m@2", 99)));
        send("erin", T0 + 2_000, "e2");
        send("erin", T0 + 3_000, "e3");

        assertThat(counter(ProcessorMetrics.EVENTS_ACCEPTED)).isEqualTo(4);
        assertThat(counter(ProcessorMetrics.PREDICTIONS, ProcessorMetrics.TRIGGER_TAG, "EVENT"))
                .isEqualTo(4);
        assertThat(counter(ProcessorMetrics.PREDICTIONS, ProcessorMetrics.TRIGGER_TAG, "TIMER"))
                .isZero();
        assertThat(counter(ProcessorMetrics.DEAD_LETTERS, ProcessorMetrics.REASON_TAG, "DUPLICATE"))
                .isEqualTo(1);
        assertThat(counter(ProcessorMetrics.REFILTERS))
                .as("one state made by version 1 re-filtered under version 2")
                .isEqualTo(1);
        assertThat(meters.get(ProcessorMetrics.APPEND_TO_PREDICTION).timer().count())
                .as("every accepted event's record has a timestamp")
                .isEqualTo(4);
        assertThat(meters.get(ProcessorMetrics.EVENT_TO_PREDICTION).timer().count())
                .isEqualTo(4);
    }

    /** Every stored record's bytes, as text so that maps of them compare by content. */
    private Map<String, String> storedBytes() {
        Map<String, String> out = new HashMap<>();
        try (KeyValueIterator<String, EntityRecord> it = entities().all()) {
            while (it.hasNext()) {
                KeyValue<String, EntityRecord> e = it.next();
                out.put(e.key, Base64.getEncoder().encodeToString(EntityRecordSerde.toBytes(e.value)));
            }
        }
        return out;
    }
}
