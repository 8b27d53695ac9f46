package io.tempora.streams.processor;

import io.tempora.streams.TemporaConfig;

/**
 * How long entities live in the store and which quiet ones get timer predictions (docs/decisions.md, "state
 * lifetime").
 *
 * @param ttlMs               an entity whose latest event is more than this behind its task's event-time
 *                            watermark is evicted; 0 keeps every entity
 * @param checkIntervalMs     wall-clock interval of the eviction punctuation
 * @param maxEvictions        entities evicted (and, separately, eviction markers forgotten) per punctuation at most
 * @param evictedRetentionMs  how long beyond its eviction an evicted entity is remembered (event time); 0 forgets
 *                            it at once, so that its return is NEW
 * @param timerIntervalMs     wall-clock interval of the timer punctuation; 0 writes no timer predictions
 * @param quietMs             how long an entity must have had no event (wall clock against its latest event time)
 *                            to get timer predictions
 * @param maxTimerPredictions quiet entities visited per timer punctuation at most
 */
public record LifetimeSettings(
        long ttlMs,
        long checkIntervalMs,
        int maxEvictions,
        long evictedRetentionMs,
        long timerIntervalMs,
        long quietMs,
        int maxTimerPredictions) {

    public LifetimeSettings {
        if (ttlMs < 0 || evictedRetentionMs < 0 || timerIntervalMs < 0) {
            throw new IllegalArgumentException("ttlMs, evictedRetentionMs and timerIntervalMs must be >= 0");
        }
        if (checkIntervalMs <= 0 || quietMs <= 0 || maxEvictions <= 0 || maxTimerPredictions <= 0) {
            throw new IllegalArgumentException(
                    "checkIntervalMs, quietMs, maxEvictions and maxTimerPredictions must be positive");
        }
    }

    /** The settings of {@code config}. */
    public static LifetimeSettings of(TemporaConfig config) {
        return new LifetimeSettings(
                config.stateTtlMs(),
                config.stateTtlCheckIntervalMs(),
                config.stateTtlMaxEvictions(),
                config.stateEvictedRetentionMs(),
                config.timerIntervalMs(),
                config.timerQuietMs(),
                config.timerMaxPredictions());
    }

    /** Whether entities are evicted at all. */
    public boolean evicts() {
        return ttlMs > 0;
    }

    /** Whether timer predictions are written. */
    public boolean timers() {
        return timerIntervalMs > 0;
    }
}
