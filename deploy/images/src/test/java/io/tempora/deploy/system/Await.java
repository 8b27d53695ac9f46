package io.tempora.deploy.system;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds; a condition still false at the deadline fails the test, naming what it was. */
final class Await {

    /** How long a system test waits for a condition on a loaded two-core machine before it fails. */
    static final Duration WAIT = Duration.ofMinutes(3);

    private static final Duration POLL = Duration.ofMillis(250);

    private Await() {}

    /** Waits up to {@link #WAIT} for {@code condition}. */
    static void until(BooleanSupplier condition, String what) {
        until(condition, what, WAIT);
    }

    /** Waits up to {@code timeout} for {@code condition}. */
    static void until(BooleanSupplier condition, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
