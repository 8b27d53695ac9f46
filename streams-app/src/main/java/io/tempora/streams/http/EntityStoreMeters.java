package io.tempora.streams.http;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tempora.streams.processor.EntityCounts;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.TaskId;

/**
 * The entities in this instance's copies of the entity store, read at each scrape.
 *
 * <p>{@code tempora.entities{copy="active",kind="count"}} is the exact number over the partitions this instance
 * owns (summed over all instances, the entities the application holds): the sum of the processor's per-task
 * counts ({@link EntityCounts}). While one of the instance's active tasks has no count yet (it is restoring) the
 * gauge is NaN rather than a partial sum.
 *
 * <p>{@code tempora.entities{copy="standby",kind="estimate"}} is over the standby replicas this instance keeps
 * for other instances, which run no processor and so keep no count: it is RocksDB's estimate
 * ({@code approximateNumEntries}, no scan), exact for keys written once and higher for keys rewritten since
 * RocksDB last compacted them. The {@code kind} tag says so in the series itself, since Prometheus shows one
 * description for both. While a standby copy is not queryable the gauge is NaN.
 */
public final class EntityStoreMeters implements MeterBinder {

    public static final String ENTITIES = "tempora.entities";
    /** Tag of {@link #ENTITIES}: which copies are counted. */
    public static final String COPY_TAG = "copy";
    /** Tag of {@link #ENTITIES}: {@link #COUNT} or {@link #ESTIMATE}. */
    public static final String KIND_TAG = "kind";
    /** {@link #KIND_TAG} of an exact count. */
    public static final String COUNT = "count";
    /** {@link #KIND_TAG} of RocksDB's estimate, an upper bound. */
    public static final String ESTIMATE = "estimate";

    private final KafkaStreams streams;
    private final EntityCounts counts;

    /** @param counts the processor's per-task counts of the active copies */
    public EntityStoreMeters(KafkaStreams streams, EntityCounts counts) {
        this.streams = streams;
        this.counts = counts;
    }

    /** Binds both gauges; they hold this binder strongly (Micrometer's default is weak, and nothing else holds it). */
    @Override
    public void bindTo(MeterRegistry registry) {
        String description = "Entities in this instance's copies of the entity store: the exact count over the "
                + "partitions it owns (kind=count), RocksDB's estimate over its standby replicas (kind=estimate, "
                + "counts rewritten keys until compaction: an upper bound)";
        Gauge.builder(ENTITIES, this, EntityStoreMeters::active)
                .description(description)
                .tags(COPY_TAG, "active", KIND_TAG, COUNT)
                .strongReference(true)
                .register(registry);
        Gauge.builder(ENTITIES, this, EntityStoreMeters::standbyEstimate)
                .description(description)
                .tags(COPY_TAG, "standby", KIND_TAG, ESTIMATE)
                .strongReference(true)
                .register(registry);
    }

    /** The entities over this instance's active tasks; NaN while one has no count. */
    double active() {
        return counts.sum(tasks(false));
    }

    /** The estimated entries over this instance's standby copies; NaN while one is not queryable. */
    double standbyEstimate() {
        long sum = 0;
        // The topology has one sub-topology, so a task's partition is the entity store's partition.
        for (TaskId task : tasks(true)) {
            try {
                sum += streams.store(new StoreCopy(true, task.partition()).parameters())
                        .approximateNumEntries();
            } catch (InvalidStateStoreException e) {
                return Double.NaN;
            }
        }
        return sum;
    }

    private Set<TaskId> tasks(boolean standby) {
        return streams.metadataForLocalThreads().stream()
                .map(t -> standby ? t.standbyTasks() : t.activeTasks())
                .flatMap(Set::stream)
                .map(TaskMetadata::taskId)
                .collect(Collectors.toSet());
    }
}
