package io.tempora.trainer.service;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a step of the training service that needs the broker or the registry, retrying it after an
 * {@link OutageException} with exponential backoff: the first wait {@code firstBackoff}, doubled per attempt up to
 * {@code maxBackoff}, at most {@code attempts} attempts, each retry logged. Any other exception is not an outage and
 * passes through at once. Bounded, so that a scheduled service gives up on a run and tries again at its next tick
 * rather than hanging.
 */
final class RetryingRunner {

    /** How the runner waits; {@link Thread#sleep} but for tests that record the waits. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private static final Logger log = LoggerFactory.getLogger(RetryingRunner.class);

    private final int attempts;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final Sleeper sleeper;

    RetryingRunner(int attempts, Duration firstBackoff, Duration maxBackoff, Sleeper sleeper) {
        if (attempts < 1 || firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("need attempts >= 1 and 0 <= firstBackoff <= maxBackoff, got " + attempts
                    + ", " + firstBackoff + ", " + maxBackoff);
        }
        this.attempts = attempts;
        this.firstBackoff = firstBackoff;
        this.maxBackoff = maxBackoff;
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** The runner {@code config} describes, sleeping with {@link Thread#sleep}. */
    static RetryingRunner of(TrainerConfig config) {
        return new RetryingRunner(
                config.retryAttempts(),
                Duration.ofMillis(config.retryBackoffMs()),
                Duration.ofMillis(config.retryBackoffMaxMs()),
                d -> Thread.sleep(d.toMillis()));
    }

    /**
     * {@code step}'s result, retried after outages.
     *
     * @param what the step, for the log ("read the events topic")
     * @throws OutageException the last outage, when every attempt met one (or the wait was interrupted)
     */
    <T> T call(String what, Supplier<T> step) {
        Duration backoff = firstBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                return step.get();
            } catch (OutageException e) {
                if (attempt >= attempts) {
                    log.error("could not {} in {} attempt(s): {}", what, attempts, e.getMessage());
                    throw e;
                }
                log.warn(
                        "could not {} (attempt {} of {}): {}; retrying in {} ms",
                        what,
                        attempt,
                        attempts,
                        e.getMessage(),
                        backoff.toMillis());
                try {
                    sleeper.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new OutageException("interrupted while waiting to retry: " + e.getMessage(), e);
                }
                Duration doubled = backoff.multipliedBy(2);
                backoff = doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
            }
        }
    }
}
