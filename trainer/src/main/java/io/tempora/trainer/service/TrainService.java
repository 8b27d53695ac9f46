package io.tempora.trainer.service;

import io.tempora.trainer.service.RunRecord.Decision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training service: {@link TrainingRun}s once or on a schedule. Every run ends in a {@link RunRecord} handed to
 * the sink and logged, whatever happened: a run that fails (an outage that outlasted its retries, bad data, a
 * version that does not validate) is recorded as {@link Decision#FAILED} with the reason, and a scheduled service
 * goes on to its next tick rather than stopping.
 */
public final class TrainService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TrainService.class);

    private final TrainerConfig config;
    private final Consumer<RunRecord> sink;
    private final Clock clock;
    private final Object wakeup = new Object();
    private volatile boolean stopped;

    /**
     * A service of {@code config} that hands each run's record to {@code sink}.
     *
     * @throws IllegalArgumentException if the configured keys are not usable Ed25519 keys
     */
    public TrainService(TrainerConfig config, Consumer<RunRecord> sink, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        new TrainingRun(config, clock); // fails now, not at the first tick, on a bad key
    }

    /** Runs once; never throws for a failed run (its record says {@link Decision#FAILED}). */
    public RunRecord runOnce() {
        Instant started = clock.instant();
        RunRecord record;
        try {
            record = new TrainingRun(config, clock).run();
        } catch (OutageException e) {
            record = failed(started, "the broker or registry stayed unreachable: " + e.getMessage());
        } catch (RuntimeException e) {
            log.error("run of model {} failed", config.modelName(), e);
            record = failed(started, e.toString());
        }
        log.info(
                "run of model {}: {} ({}); champion {} NLL {}, new version NLL {} nats/event, published {}",
                record.model(),
                record.decision(),
                record.reason(),
                record.championVersion().isPresent() ? record.championVersion().getAsLong() : "none",
                figure(record.championNllPerEvent()),
                figure(record.challengerNllPerEvent()),
                record.publishedVersion().isPresent()
                        ? record.publishedVersion().getAsLong()
                        : "none");
        sink.accept(record);
        return record;
    }

    /**
     * Runs every {@code period} (the first run at once) until {@link #close()}: each run starts {@code period} after
     * the previous one started, or at once if that one took longer.
     */
    public void runEvery(Duration period) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("the period must be positive, got " + period);
        }
        while (!stopped) {
            Instant next = clock.instant().plus(period);
            runOnce();
            long waitMs = Duration.between(clock.instant(), next).toMillis();
            if (waitMs <= 0 && !stopped) {
                log.warn("the run took longer than the period {}; the next one starts now", period);
            }
            synchronized (wakeup) {
                while (!stopped && waitMs > 0) {
                    try {
                        wakeup.wait(waitMs);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    waitMs = Duration.between(clock.instant(), next).toMillis();
                }
            }
        }
    }

    /** Stops {@link #runEvery} after the current run (a run in progress finishes). */
    @Override
    public void close() {
        stopped = true;
        synchronized (wakeup) {
            wakeup.notifyAll();
        }
    }

    private static String figure(double nll) {
        return Double.isFinite(nll) ? String.format(Locale.ROOT, "%.6f", nll) : "-";
    }

    private RunRecord failed(Instant started, String reason) {
        return RunRecord.early(
                config.modelName(),
                started,
                Decision.FAILED,
                reason,
                OptionalLong.empty(),
                config.margin(),
                0,
                Map.of(),
                0,
                0);
    }
}
