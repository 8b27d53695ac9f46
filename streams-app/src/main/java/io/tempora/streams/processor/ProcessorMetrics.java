package io.tempora.streams.processor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The event processor's meters, resolved once so that counting an event costs an increment and no
 * allocation: events accepted, predictions written, dead letters by reason code, solver evaluations per
 * scored event (histogram) and event-to-prediction latency (wall clock at the prediction minus the event's
 * time, histogram). Shared by all stream threads (Micrometer's meters are thread-safe).
 */
public final class ProcessorMetrics {

    public static final String EVENTS_ACCEPTED = "tempora.events.accepted";
    public static final String PREDICTIONS = "tempora.predictions";
    public static final String DEAD_LETTERS = "tempora.dead.letters";
    public static final String SOLVER_EVALUATIONS = "tempora.solver.evaluations";
    public static final String EVENT_TO_PREDICTION = "tempora.event.to.prediction";
    /** Tag of {@link #DEAD_LETTERS}: the dead letter's reason code. */
    public static final String REASON_TAG = "reason";

    /** Latency histogram bounds: events are expected within a day of their time (older ones land in +Inf). */
    private static final Duration MIN_LATENCY = Duration.ofMillis(1);

    private static final Duration MAX_LATENCY = Duration.ofDays(1);

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter predictions;
    private final DistributionSummary evaluations;
    private final Timer latency;
    private final ConcurrentMap<String, Counter> deadLetters = new ConcurrentHashMap<>();

    public ProcessorMetrics(MeterRegistry registry) {
        this.registry = registry;
        accepted = Counter.builder(EVENTS_ACCEPTED)
                .description("Events accepted and applied to their entity's state")
                .register(registry);
        predictions = Counter.builder(PREDICTIONS)
                .description("Predictions written to the predictions topic")
                .register(registry);
        evaluations = DistributionSummary.builder(SOLVER_EVALUATIONS)
                .description("ODE solver function evaluations spent on one scored event (segment and prediction)")
                .publishPercentileHistogram()
                .register(registry);
        latency = Timer.builder(EVENT_TO_PREDICTION)
                .description("Wall-clock time of the prediction minus the event's time")
                .publishPercentileHistogram()
                .minimumExpectedValue(MIN_LATENCY)
                .maximumExpectedValue(MAX_LATENCY)
                .register(registry);
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLetterCounter(reason.name());
        }
    }

    /** Meters that record into a registry nobody reads: for topologies run without the app (tests, tools). */
    public static ProcessorMetrics discarding() {
        return new ProcessorMetrics(new CompositeMeterRegistry());
    }

    /** An event accepted and its prediction written; {@code eventTimeMs} is the event's own time. */
    void predicted(long eventTimeMs) {
        accepted.increment();
        predictions.increment();
        latency.record(Math.max(0, System.currentTimeMillis() - eventTimeMs), TimeUnit.MILLISECONDS);
    }

    /** The solver evaluations one scored event took. */
    void evaluations(long count) {
        evaluations.record(count);
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
