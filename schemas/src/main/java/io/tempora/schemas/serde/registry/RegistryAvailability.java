package io.tempora.schemas.serde.registry;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * What one registry client knows of the registry's availability: a circuit breaker, so that an outage costs the
 * application one failed request (with its retries) and then one probe per {@code probeInterval}, not one failed
 * request per record.
 *
 * <pre>
 *   UP    --request failed after all retries-->           DOWN until now + probeInterval
 *   DOWN  --request before the interval is over-->        refused without contacting the registry
 *   DOWN  --first request after it (one at a time)-->     a probe: one attempt, no retries
 *   probe --answered-->                                   UP
 *   probe --failed-->                                     DOWN until now + probeInterval
 * </pre>
 *
 * <p>While one caller probes, the others are refused too, so a frozen registry holds at most one caller per
 * client for one request timeout. Thread-safe.
 */
public final class RegistryAvailability {

    /** How a caller may use the registry now: {@link #NORMAL}, {@link #PROBE}, or a {@link KnownOutage}. */
    public sealed interface Admission permits Send, KnownOutage {
        /** The registry is believed up: send the request with the configured retries. */
        Send NORMAL = new Send(false);
        /** The registry was down and this caller probes it: one attempt, whose outcome it reports. */
        Send PROBE = new Send(true);
    }

    /** The caller may contact the registry; {@code probe} says with one attempt only. */
    public record Send(boolean probe) implements Admission {}

    /**
     * The registry is known to be down: the caller must not contact it now.
     *
     * @param since how long the outage has been known
     * @param retryAfter the wait until a request may probe the registry again
     * @param lastFailure what the last request that contacted the registry saw
     */
    public record KnownOutage(Duration since, Duration retryAfter, String lastFailure) implements Admission {}

    private final Duration probeInterval;
    private final LongSupplier nanoClock;
    private final Object lock = new Object();
    private boolean down;
    private boolean probing;
    private long downSinceNanos;
    private long downUntilNanos;
    private String lastFailure = "";

    /** @param probeInterval how long a known outage refuses requests before the next probe; zero probes at once */
    public RegistryAvailability(Duration probeInterval) {
        this(probeInterval, System::nanoTime);
    }

    RegistryAvailability(Duration probeInterval, LongSupplier nanoClock) {
        if (probeInterval.isNegative()) {
            throw new IllegalArgumentException("probeInterval must not be negative, was " + probeInterval);
        }
        this.probeInterval = probeInterval;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /**
     * How the caller may use the registry now; a {@link Admission#PROBE} must be followed by {@link #succeeded()}
     * or {@link #failed(String)}.
     */
    public Admission admit() {
        long now = nanoClock.getAsLong();
        synchronized (lock) {
            if (!down) {
                return Admission.NORMAL;
            }
            if (now - downUntilNanos >= 0 && !probing) {
                probing = true;
                return Admission.PROBE;
            }
            long wait = Math.max(0, downUntilNanos - now);
            return new KnownOutage(
                    Duration.ofNanos(now - downSinceNanos),
                    // While another caller probes, the next chance is one interval away at the earliest.
                    Duration.ofNanos(probing ? Math.max(wait, probeInterval.toNanos()) : wait),
                    lastFailure);
        }
    }

    /** The registry answered: requests go through with retries again. */
    public void succeeded() {
        synchronized (lock) {
            down = false;
            probing = false;
        }
    }

    /**
     * A request failed after all its attempts, or a probe failed: refuse requests for the probe interval.
     *
     * @param failure what went wrong, for the messages of refused requests
     */
    public void failed(String failure) {
        long now = nanoClock.getAsLong();
        synchronized (lock) {
            if (!down) {
                down = true;
                downSinceNanos = now;
            }
            downUntilNanos = now + probeInterval.toNanos();
            lastFailure = failure;
            probing = false;
        }
    }

    /**
     * A probe ended without an answer that says anything of the registry (the caller was interrupted): the next
     * request may probe at once.
     */
    public void probeAbandoned() {
        synchronized (lock) {
            probing = false;
        }
    }

    /** Whether an outage is known now. */
    public boolean isDown() {
        synchronized (lock) {
            return down;
        }
    }

    /** How long a known outage refuses requests before the next probe. */
    public Duration probeInterval() {
        return probeInterval;
    }
}
