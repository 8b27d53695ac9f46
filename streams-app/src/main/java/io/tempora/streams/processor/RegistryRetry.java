package io.tempora.streams.processor;

import java.time.Duration;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Runs a serde call that needs the schema registry, retrying while the registry is unavailable: an outage
 * is not a bad record, so the stream thread waits (with backoff) instead of dead-lettering good events.
 * After {@code budget} it gives up with a {@link TimeoutException}; the application then replaces the
 * stream thread, which resumes from the last committed offsets (nothing is lost or duplicated under
 * exactly-once).
 */
final class RegistryRetry {

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final Duration budget;

    RegistryRetry(Duration budget) {
        this.budget = budget;
    }

    <T> T call(Supplier<T> serdeCall) {
        long deadline = System.nanoTime() + budget.toNanos();
        long backoffMs = FIRST_BACKOFF.toMillis();
        while (true) {
            try {
                return serdeCall.get();
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
                try {
                    Thread.sleep(Math.min(backoffMs, remainingMs));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new TimeoutException("interrupted while waiting for the schema registry", e);
                }
                backoffMs = Math.min(MAX_BACKOFF.toMillis(), backoffMs * 2);
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
}
