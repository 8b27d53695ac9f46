package io.tempora.bench.query;

import io.tempora.streams.TemporaApp;
import io.tempora.streams.Topics;
import io.tempora.streams.state.EntityRecord;
import io.tempora.streams.state.EntityRecordSerde;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * What the app's entities take: bytes of its stores on disk (RocksDB's files in the state directories), bytes of
 * their changelog topics on the broker, the bytes of the stored keys and values themselves, and the JVM's heap
 * and resident memory.
 */
public final class Footprint {

    private static final long ADMIN_TIMEOUT_S = 30;
    /** Garbage collections asked for before the heap is read, so that it is the live heap rather than garbage. */
    private static final int GC_PASSES = 3;

    private static final long KIB = 1024;
    /** How Kafka Streams names a store's changelog topic: {@code <application.id>-<store>-changelog}. */
    private static final String CHANGELOG_SUFFIX = "-changelog";

    /** Kafka Streams' metrics group of its state stores. */
    private static final String STATE_METRICS_GROUP = "stream-state-metrics";
    /** The RocksDB properties that hold native memory (KIP-607). */
    private static final Set<String> ROCKSDB_MEMORY_METRICS =
            Set.of("size-all-mem-tables", "block-cache-usage", "estimate-table-readers-mem");

    private Footprint() {}

    /** Bytes of every regular file under {@code dirs}. */
    public static long diskBytes(Collection<Path> dirs) {
        long total = 0;
        for (Path dir : dirs) {
            try (Stream<Path> files = Files.walk(dir)) {
                total += files.filter(Files::isRegularFile)
                        .mapToLong(Footprint::size)
                        .sum();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot walk " + dir, e);
            }
        }
        return total;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // a file RocksDB removed while it was being walked
        }
    }

    /**
     * Bytes of the changelog topics of every store of application {@code applicationId} (the entity store, and the
     * lifetime index and eviction markers written beside it) in the broker's log directories, every replica.
     */
    public static long changelogBytes(Admin admin, String applicationId)
            throws InterruptedException, ExecutionException, TimeoutException {
        String prefix = applicationId + "-";
        List<Integer> brokers = admin.describeCluster().nodes().get(ADMIN_TIMEOUT_S, TimeUnit.SECONDS).stream()
                .map(Node::id)
                .toList();
        long total = 0;
        Map<Integer, Map<String, LogDirDescription>> dirs =
                admin.describeLogDirs(brokers).allDescriptions().get(ADMIN_TIMEOUT_S, TimeUnit.SECONDS);
        for (Map<String, LogDirDescription> byDir : dirs.values()) {
            for (LogDirDescription d : byDir.values()) {
                for (Map.Entry<TopicPartition, ReplicaInfo> r : d.replicaInfos().entrySet()) {
                    String topic = r.getKey().topic();
                    if (topic.startsWith(prefix) && topic.endsWith(CHANGELOG_SUFFIX)) {
                        total += r.getValue().size();
                    }
                }
            }
        }
        return total;
    }

    /**
     * The entities in {@code app}'s local store and the bytes of their keys and serialised values (what RocksDB and
     * the changelog store per entity, before their own overheads).
     */
    public static Stored stored(TemporaApp app) {
        ReadOnlyKeyValueStore<String, EntityRecord> store = app.streams()
                .store(StoreQueryParameters.fromNameAndType(
                        Topics.ENTITY_STATE_STORE, QueryableStoreTypes.<String, EntityRecord>keyValueStore()));
        long entities = 0;
        long bytes = 0;
        try (KeyValueIterator<String, EntityRecord> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, EntityRecord> kv = all.next();
                entities++;
                bytes += kv.key.getBytes(StandardCharsets.UTF_8).length + EntityRecordSerde.toBytes(kv.value).length;
            }
        }
        return new Stored(entities, bytes);
    }

    /**
     * Native memory that {@code app}'s RocksDB stores report (Kafka Streams' state metrics, summed over its tasks):
     * memtables, block cache in use and table readers, in bytes. It grows with the data up to the memtables' and the
     * block cache's bounds, per store and so per partition, and lives outside the heap.
     */
    public static long rocksDbNativeBytes(TemporaApp app) {
        double total = 0;
        for (Map.Entry<MetricName, ? extends Metric> m : app.streams().metrics().entrySet()) {
            if (m.getKey().group().equals(STATE_METRICS_GROUP)
                    && ROCKSDB_MEMORY_METRICS.contains(m.getKey().name())
                    && m.getValue().metricValue() instanceof Number n) {
                total += n.doubleValue();
            }
        }
        return Math.round(total);
    }

    /** Heap in use after a few collections, in bytes: the live objects of the whole JVM. */
    public static long heapUsedAfterGc() {
        for (int i = 0; i < GC_PASSES; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * The process's resident memory in bytes (Linux {@code /proc/self/status}): the heap, and the native memory that
     * RocksDB's memtables and block cache take; -1 where the file does not exist.
     */
    public static long residentBytes() {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * KIB;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /**
     * Entities in a store and the bytes of their keys and values.
     *
     * @param entities records in the store
     * @param bytes    their keys' and serialised values' bytes
     */
    public record Stored(long entities, long bytes) {

        public Stored plus(Stored other) {
            return new Stored(entities + other.entities, bytes + other.bytes);
        }
    }
}
