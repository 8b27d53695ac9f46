package io.tempora.trainer.service;

import java.util.Map;
import java.util.TreeMap;

/**
 * The records of a run's window that were not used, counted by reason (the streams app's dead-letter reason codes
 * where one applies: the serde's {@code CORRUPT_PAYLOAD}, {@code UNKNOWN_SCHEMA_ID}, ..., and {@code MISSING_KEY},
 * {@code NULL_VALUE}, {@code KEY_MISMATCH}, {@code NON_FINITE_FEATURE}, {@code INVALID_EVENT}, {@code DUPLICATE}),
 * with the first record of each reason described, so that a report says what was wrong and where without growing
 * with the number of bad records. Not thread-safe.
 */
final class BadEvents {

    private final Map<String, Long> counts = new TreeMap<>();
    private final Map<String, String> firstExample = new TreeMap<>();

    /** Counts one record refused for {@code reason}; {@code where} and {@code what} describe the first one. */
    void add(String reason, String where, String what) {
        counts.merge(reason, 1L, Long::sum);
        firstExample.putIfAbsent(reason, where + ": " + what);
    }

    /** Records refused, by reason (sorted by reason). */
    Map<String, Long> counts() {
        return Map.copyOf(counts);
    }

    /** The first refused record of each reason, described. */
    Map<String, String> examples() {
        return Map.copyOf(firstExample);
    }

    /** All records refused. */
    long total() {
        long n = 0;
        for (long c : counts.values()) {
            n += c;
        }
        return n;
    }
}
