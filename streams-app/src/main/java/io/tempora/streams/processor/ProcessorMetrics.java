package io.tempora.streams.processor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.tempora.schemas.PredictionTrigger;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The event processor's meters, resolved once so that counting an event costs an increment and no
 * allocation: events accepted, predictions written by trigger, dead letters by reason code, solver evaluations
 * per scored event (histogram), event-to-prediction latency from the event's own time and from the input
 * record's Kafka timestamp (histograms), re-filters under a new model version, and entities evicted by the
 * state TTL; and each task's count of stored entities ({@link EntityCounts}, which the entities gauge reads).
 * Shared by all stream threads (Micrometer's meters are thread-safe).
 */
public final class ProcessorMetrics {

    public static final String EVENTS_ACCEPTED = "tempora.events.accepted";
    public static final String PREDICTIONS = "tempora.predictions";
    public static final String DEAD_LETTERS = "tempora.dead.letters";
    public static final String SOLVER_EVALUATIONS = "tempora.solver.evaluations";
    public static final String EVENT_TO_PREDICTION = "tempora.event.to.prediction";
    public static final String APPEND_TO_PREDICTION = "tempora.append.to.prediction";
    public static final String REFILTERS = "tempora.refilters";
    public static final String ENTITIES_EVICTED = "tempora.entities.evicted";
    /** Tag of {@link #DEAD_LETTERS}: the dead letter's reason code. */
    public static final String REASON_TAG = "reason";
    /** Tag of {@link #PREDICTIONS}: the prediction's trigger. */
    public static final String TRIGGER_TAG = "trigger";

    /** Latency histogram bounds: events are expected within a day of their time (older ones land in +Inf). */
    private static final Duration MIN_LATENCY = Duration.ofMillis(1);

    private static final Duration MAX_LATENCY = Duration.ofDays(1);

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Map<PredictionTrigger, Counter> predictions = new EnumMap<>(PredictionTrigger.class);
    private final DistributionSummary evaluations;
    private final Timer latency;
    private final Timer appendLatency;
    private final Counter refilters;
    private final Counter evicted;
    private final ConcurrentMap<String, Counter> deadLetters = new ConcurrentHashMap<>();
    private final EntityCounts entityCounts = new EntityCounts();

    public ProcessorMetrics(MeterRegistry registry) {
        this.registry = registry;
        accepted = Counter.builder(EVENTS_ACCEPTED)
                .description("Events accepted and applied to their entity's state")
                .register(registry);
        // The processor writes EVENT and TIMER predictions; QUERY answers go to the HTTP client, not the topic.
        for (PredictionTrigger trigger : List.of(PredictionTrigger.EVENT, PredictionTrigger.TIMER)) {
            predictions.put(
                    trigger,
                    Counter.builder(PREDICTIONS)
                            .description("Predictions written to the predictions topic, by trigger")
                            .tag(TRIGGER_TAG, trigger.name())
                            .register(registry));
        }
        evaluations = DistributionSummary.builder(SOLVER_EVALUATIONS)
                .description("ODE solver function evaluations spent on one scored event (segment and prediction)")
                .publishPercentileHistogram()
                .register(registry);
        latency = latencyTimer(EVENT_TO_PREDICTION, "Wall-clock time of the prediction minus the event's time");
        appendLatency = latencyTimer(
                APPEND_TO_PREDICTION,
                "Wall-clock time of the prediction minus the input record's Kafka timestamp (the broker's append "
                        + "time on a LogAppendTime topic, the producer's timestamp on a CreateTime one)");
        refilters = Counter.builder(REFILTERS)
                .description("Entity states re-filtered from their recent events because another model version "
                        + "made them")
                .register(registry);
        evicted = Counter.builder(ENTITIES_EVICTED)
                .description("Entities evicted from the store by the state TTL")
                .register(registry);
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLetterCounter(reason.name());
        }
    }

    private Timer latencyTimer(String name, String description) {
        return Timer.builder(name)
                .description(description)
                .publishPercentileHistogram()
                .minimumExpectedValue(MIN_LATENCY)
                .maximumExpectedValue(MAX_LATENCY)
                .register(registry);
    }

    /** Meters that record into a registry nobody reads: for topologies run without the app (tests, tools). */
    public static ProcessorMetrics discarding() {
        return new ProcessorMetrics(new CompositeMeterRegistry());
    }

    /** An event accepted (applied to its entity's state). */
    void accepted() {
        accepted.increment();
    }

    /** A prediction written with {@code trigger} ({@link PredictionTrigger#EVENT} or {@link PredictionTrigger#TIMER}). */
    void predicted(PredictionTrigger trigger) {
        predictions.get(trigger).increment();
    }

    /**
     * The latencies of an event's prediction written at {@code nowMs}: from the event's own time, and from the
     * input record's Kafka timestamp ({@code recordTimestampMs}; negative when the record has none, which is not
     * recorded).
     */
    void latencies(long eventTimeMs, long recordTimestampMs, long nowMs) {
        latency.record(Math.max(0, nowMs - eventTimeMs), TimeUnit.MILLISECONDS);
        if (recordTimestampMs >= 0) {
            appendLatency.record(Math.max(0, nowMs - recordTimestampMs), TimeUnit.MILLISECONDS);
        }
    }

    /** An entity's state re-filtered under the serving model version. */
    void refiltered() {
        refilters.increment();
    }

    /** {@code count} entities evicted by the state TTL. */
    void evicted(int count) {
        evicted.increment(count);
    }

    /** The solver evaluations one scored event took. */
    void evaluations(long count) {
        evaluations.record(count);
    }

    /** Each running task's count of the entities in its store. */
    public EntityCounts entityCounts() {
        return entityCounts;
    }

    /** A dead letter written with {@code reasonCode}. */
    void deadLetter(String reasonCode) {
        deadLetterCounter(reasonCode).increment();
    }

    private Counter deadLetterCounter(String reasonCode) {
        Counter c = deadLetters.get(reasonCode);
        if (c == null) {
            // Reason codes are a small closed set (the processor's and the serde's), so this runs once per code.
            c = deadLetters.computeIfAbsent(reasonCode, code -> Counter.builder(DEAD_LETTERS)
                    .description("Input records refused onto the dead-letter topic, by reason")
                    .tag(REASON_TAG, code)
                    .register(registry));
        }
        return c;
    }
}
