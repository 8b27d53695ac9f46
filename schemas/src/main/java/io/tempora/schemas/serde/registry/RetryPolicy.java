package io.tempora.schemas.serde.registry;

import java.time.Duration;

/**
 * Bounded retries with exponential backoff for requests that failed transiently (connection refused or reset,
 * timeouts, HTTP 408, 429 and 5xx). Client errors (other 4xx) are never retried.
 *
 * <pre>
 *   wait before retry n (n = 1, 2, ...) = min(maxBackoff, initialBackoff * 2^(n-1))
 * </pre>
 *
 * @param maxRetries retries after the first attempt; 0 means one attempt only
 * @param initialBackoff wait before the first retry
 * @param maxBackoff upper bound of any single wait
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff) {

    /** Confluent's defaults: 3 retries, 1 s doubling up to 20 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(20));

    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
        }
        if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("backoff durations must not be negative");
        }
    }

    /** The wait before retry {@code retry} (1-based). */
    public Duration backoff(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry is 1-based, was " + retry);
        }
        // Cap the exponent: 2^30 ms is already 12 days, beyond any sensible maxBackoff.
        long factor = 1L << Math.min(retry - 1, 30);
        long millis = initialBackoff.toMillis() * factor;
        if (millis < 0 || millis / factor != initialBackoff.toMillis()) {
            return maxBackoff;
        }
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
