package io.tempora.streams.processor;

import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.processor.TaskId;

/**
 * The number of entities in each running task's entity store, kept by the task's processor: established from
 * the store when the task is initialised (after its store is restored), moved by one when an accepted event
 * stores an entity that was absent and when the TTL evicts one, and dropped when the task closes. Written by
 * each task's stream thread, read by the metrics scrape.
 */
public final class EntityCounts {

    private final ConcurrentMap<TaskId, AtomicLong> tasks = new ConcurrentHashMap<>();

    /**
     * Starts counting {@code task} at {@code stored} entities, replacing any count left by an earlier
     * initialisation of the same task (a task re-initialised after its state was restored again).
     *
     * @return the task's count, for the task's processor to move and to hand back to {@link #close}
     */
    AtomicLong open(TaskId task, long stored) {
        AtomicLong count = new AtomicLong(stored);
        tasks.put(task, count);
        return count;
    }

    /** Stops counting {@code task}, unless a later initialisation of it has replaced {@code count}. */
    void close(TaskId task, AtomicLong count) {
        tasks.remove(task, count);
    }

    /**
     * The entities over {@code assigned} tasks, or NaN when one of them has no count yet (it is restoring or
     * has not been initialised): a partial sum would read as entities lost.
     */
    public double sum(Collection<TaskId> assigned) {
        long sum = 0;
        for (TaskId task : assigned) {
            AtomicLong count = tasks.get(task);
            if (count == null) {
                return Double.NaN;
            }
            sum += count.get();
        }
        return sum;
    }

    /** The entities over every task counted now. */
    public long total() {
        long sum = 0;
        for (AtomicLong count : tasks.values()) {
            sum += count.get();
        }
        return sum;
    }
}
