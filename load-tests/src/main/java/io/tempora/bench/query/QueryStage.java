package io.tempora.bench.query;

import java.util.Locale;

/**
 * What the app's entities took after one load of the query benchmark.
 *
 * @param entities        entities loaded in all
 * @param eventsPerSecond events of this load processed per second (produce to prediction, both instances)
 * @param diskBytes       bytes of the stores' files in the state directories after the instances closed
 * @param changelogBytes  bytes of the stores' changelog topics on the broker (not compacted yet: every update)
 * @param storedBytes     bytes of the entity store's keys and serialised values
 * @param heapBytes       the JVM's heap in use after GC, the broker's included
 * @param rocksDbBytes    native memory the stores' RocksDB instances report (memtables, block cache, table readers)
 * @param rssBytes        the process's resident memory (committed heap and native memory, the broker's included),
 *                        -1 where unknown
 */
public record QueryStage(
        long entities,
        double eventsPerSecond,
        long diskBytes,
        long changelogBytes,
        long storedBytes,
        long heapBytes,
        long rocksDbBytes,
        long rssBytes) {

    private static final double MIB = 1024.0 * 1024.0;

    /** One line for the console. */
    public String line() {
        return String.format(
                Locale.ROOT,
                "%d entities: stores on disk %.1f MiB, changelogs %.1f MiB, entity records %.1f MiB (%.0f B/entity),"
                        + " heap %.0f MiB, RocksDB native %.0f MiB, resident %.0f MiB",
                entities,
                diskBytes / MIB,
                changelogBytes / MIB,
                storedBytes / MIB,
                storedBytes / (double) entities,
                heapBytes / MIB,
                rocksDbBytes / MIB,
                rssBytes / MIB);
    }

    /** A JSON value: numbers with three decimals (non-finite as null), booleans bare, strings quoted. */
    public static String jsonValue(Object v) {
        if (v instanceof Double d) {
            return Double.isFinite(d) ? String.format(Locale.ROOT, "%.3f", d) : "null";
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return "\"" + v.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
