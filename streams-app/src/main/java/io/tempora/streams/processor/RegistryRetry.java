package io.tempora.streams.processor;

import io.tempora.schemas.serde.SchemaRegistryUnavailableException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a serde call that needs the schema registry, retrying while the registry is unavailable: an outage
 * is not a bad record, so the stream thread waits instead of dead-lettering good events. After {@code budget} it
 * gives up with a {@link TimeoutException}; the application then replaces the stream thread, which resumes from
 * the last committed offsets (nothing is lost or duplicated under exactly-once).
 *
 * <p>The thread waits for the outage once, not once per record: the record in hand waits, and the records behind
 * it wait behind it. The serdes' registry client refuses calls without contacting the registry while it knows of
 * the outage and says when it will contact it again ({@link SchemaRegistryUnavailableException#retryAfter()}); this
 * retry sleeps exactly that long, so each retry is one probe of the registry, and the first answer lets the record
 * and everything behind it through. Other retriable failures are retried with a doubling backoff.
 */
final class RegistryRetry {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryRetry.class);

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** Lower bound of a wait, so that a probe that is due now is not raced by a busy loop. */
    private static final Duration MIN_WAIT = Duration.ofMillis(1);

    private final Duration budget;

    RegistryRetry(Duration budget) {
        this.budget = budget;
    }

    <T> T call(Supplier<T> serdeCall) {
        long started = System.nanoTime();
        long deadline = started + budget.toNanos();
        long backoffMs = FIRST_BACKOFF.toMillis();
        boolean waited = false;
        while (true) {
            try {
                T result = serdeCall.get();
                if (waited) {
                    LOG.info(
                            "The schema registry answers again after {} ms; processing resumes",
                            (System.nanoTime() - started) / 1_000_000);
                }
                return result;
            } catch (RuntimeException e) {
                if (!isOutage(e)) {
                    throw e;
                }
                long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
                if (remainingMs <= 0) {
                    throw new TimeoutException(
                            "the schema registry stayed unavailable for " + budget.toMillis() + " ms: "
                                    + e.getMessage(),
                            e);
                }
                if (!waited) {
                    LOG.warn(
                            "The schema registry is unavailable; this stream thread waits for it up to {} ms"
                                    + " (tempora.registry.retry.ms) before giving up on the batch: {}",
                            budget.toMillis(),
                            e.getMessage());
                    waited = true;
                }
                Optional<Duration> retryAfter = retryAfter(e);
                long waitMs = retryAfter
                        .map(d -> Math.max(MIN_WAIT.toMillis(), d.toMillis()))
                        .orElse(backoffMs);
                try {
                    Thread.sleep(Math.min(waitMs, remainingMs));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new TimeoutException("interrupted while waiting for the schema registry", e);
                }
                if (retryAfter.isEmpty()) {
                    backoffMs = Math.min(MAX_BACKOFF.toMillis(), backoffMs * 2);
                }
            }
        }
    }

    /**
     * Whether {@code e} says the registry could not be reached (the serde's
     * {@code SchemaRegistryUnavailableException} is a {@link RetriableException}), as opposed to a problem of
     * the record.
     */
    static boolean isOutage(Throwable e) {
        return e instanceof RetriableException;
    }

    /** When the registry client will contact the registry again, if {@code e} is its refusal during an outage. */
    private static Optional<Duration> retryAfter(Throwable e) {
        return e instanceof SchemaRegistryUnavailableException unavailable
                ? unavailable.retryAfter()
                : Optional.empty();
    }
}
