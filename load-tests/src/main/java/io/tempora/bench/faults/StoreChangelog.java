package io.tempora.bench.faults;

import io.tempora.streams.testing.TopicContents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The final contents of a Kafka Streams state store, read from its changelog topic ({@code APPID-STORE-changelog},
 * read_committed): the last value of each key, a tombstone removing it. Under exactly-once the committed changelog is
 * what a restored store holds, so two applications' final stores can be compared byte for byte without asking either.
 */
final class StoreChangelog {

    /** Longest one read may take. */
    static final Duration READ_LIMIT = Duration.ofMinutes(5);

    /**
     * How two stores compare.
     *
     * @param keys      keys in either store
     * @param differing keys missing from one or with different bytes
     * @param firstDiffering one of those, or null
     */
    record Comparison(long keys, long differing, String firstDiffering) {}

    private StoreChangelog() {}

    /** The changelog topic of {@code store} in application {@code applicationId}. */
    static String topic(String applicationId, String store) {
        return applicationId + "-" + store + "-changelog";
    }

    /** Each key's (as UTF-8) last committed value in {@code store} of application {@code applicationId}. */
    static Map<String, byte[]> finalValues(String bootstrapServers, String applicationId, String store) {
        Map<String, byte[]> values = new HashMap<>();
        TopicContents.forEach(bootstrapServers, topic(applicationId, store), READ_LIMIT, r -> {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
                values.remove(key);
            } else {
                values.put(key, r.value());
            }
        });
        return values;
    }

    /** Compares the final values of two stores key by key. */
    static Comparison compare(Map<String, byte[]> a, Map<String, byte[]> b) {
        Set<String> keys = new HashSet<>(a.keySet());
        keys.addAll(b.keySet());
        long differing = 0;
        String first = null;
        for (String k : keys) {
            if (!Arrays.equals(a.get(k), b.get(k))) {
                differing++;
                first = first == null ? k : first;
            }
        }
        return new Comparison(keys.size(), differing, first);
    }
}
