package io.tempora.streams.http;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.TaskId;

/**
 * The entities in this instance's copies of the entity store, read at each scrape:
 * {@code tempora.entities{copy="active"}} sums the store's approximate entry count over the partitions this
 * instance owns (summed over all instances, the entities the application holds), and
 * {@code tempora.entities{copy="standby"}} over the standby replicas it keeps for other instances.
 *
 * <p>The count is RocksDB's estimate ({@code approximateNumEntries}, no scan): exact for keys written once,
 * higher for keys rewritten since RocksDB last compacted them. While a copy is not queryable (a rebalance, a
 * restore) the gauge is NaN rather than a partial sum.
 */
public final class EntityStoreMeters implements MeterBinder {

    public static final String ENTITIES = "tempora.entities";
    /** Tag of {@link #ENTITIES}: which copies are counted. */
    public static final String COPY_TAG = "copy";

    private final KafkaStreams streams;

    public EntityStoreMeters(KafkaStreams streams) {
        this.streams = streams;
    }

    /** Binds both gauges; they hold this binder strongly (Micrometer's default is weak, and nothing else holds it). */
    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(ENTITIES, this, m -> m.entities(false))
                .description("Entities in the entity store's partitions that this instance owns (RocksDB estimate)")
                .tag(COPY_TAG, "active")
                .strongReference(true)
                .register(registry);
        Gauge.builder(ENTITIES, this, m -> m.entities(true))
                .description("Entities in the standby replicas this instance keeps (RocksDB estimate)")
                .tag(COPY_TAG, "standby")
                .strongReference(true)
                .register(registry);
    }

    /** The estimated entries over this instance's active (or standby) copies; NaN while one is not queryable. */
    double entities(boolean standby) {
        // The topology has one sub-topology, so a task's partition is the entity store's partition.
        Set<Integer> partitions = streams.metadataForLocalThreads().stream()
                .map(t -> standby ? t.standbyTasks() : t.activeTasks())
                .flatMap(Set::stream)
                .map(TaskMetadata::taskId)
                .map(TaskId::partition)
                .collect(Collectors.toSet());
        long sum = 0;
        for (int partition : partitions) {
            try {
                sum += streams.store(new StoreCopy(standby, partition).parameters())
                        .approximateNumEntries();
            } catch (InvalidStateStoreException e) {
                return Double.NaN;
            }
        }
        return sum;
    }
}
