package io.tempora.trainer.produce;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The events of a {@link Dataset} in the order a replay sends them: by time across all entities; equal times in the
 * dataset's entity order, then in each entity's own order. So each entity's events keep their order (the reader
 * sorted them by time, stably), which is the order the streams app must see them in.
 *
 * <p>Each event is addressed by its entity's position in {@link Dataset#sequences()} and its index in that entity's
 * sequence; {@link #eventId} names it. Immutable.
 */
public final class ReplayOrder {

    private final Dataset dataset;
    private final int[] entityOf;
    private final int[] indexOf;

    private ReplayOrder(Dataset dataset, int[] entityOf, int[] indexOf) {
        this.dataset = dataset;
        this.entityOf = entityOf;
        this.indexOf = indexOf;
    }

    /** Orders every event of {@code dataset}. */
    public static ReplayOrder of(Dataset dataset) {
        int n = Math.toIntExact(dataset.numEvents());
        Integer[] order = new Integer[n];
        int[] entity = new int[n];
        int[] index = new int[n];
        double[] time = new double[n];
        int k = 0;
        for (int s = 0; s < dataset.sequences().size(); s++) {
            EventSequence seq = dataset.sequences().get(s);
            for (int i = 0; i < seq.size(); i++) {
                entity[k] = s;
                index[k] = i;
                time[k] = seq.time(i);
                order[k] = k;
                k++;
            }
        }
        // Positions were filled entity by entity, in each entity's order: a stable sort by time keeps both orders.
        Arrays.sort(order, Comparator.comparingDouble(p -> time[p]));
        int[] entityOf = new int[n];
        int[] indexOf = new int[n];
        for (int p = 0; p < n; p++) {
            entityOf[p] = entity[order[p]];
            indexOf[p] = index[order[p]];
        }
        return new ReplayOrder(dataset, entityOf, indexOf);
    }

    /** Events in the replay. */
    public int size() {
        return entityOf.length;
    }

    /** The sequence of the {@code p}-th event sent. */
    public EventSequence sequence(int p) {
        return dataset.sequences().get(entityOf[p]);
    }

    /** The {@code p}-th event's index in its entity's sequence. */
    public int index(int p) {
        return indexOf[p];
    }

    /** The {@code p}-th event's time (epoch milliseconds, as the CSV reader gives them). */
    public double time(int p) {
        return sequence(p).time(indexOf[p]);
    }

    /**
     * The {@code p}-th event's id: its entity id and its index in the entity's time order, {@code ENTITY-INDEX}, as
     * the demo's producers number events. Unique per entity, and the same on every replay of the same file.
     */
    public String eventId(int p) {
        return sequence(p).entityId() + "-" + indexOf[p];
    }

    /**
     * Milliseconds after the replay's start at which the {@code p}-th event is due: its time after the first event's,
     * divided by {@code speed}; 0 for every event when {@code speed} is infinite (as fast as possible).
     */
    public long dueAfterStartMs(int p, double speed) {
        if (speed == Double.POSITIVE_INFINITY || size() == 0) {
            return 0;
        }
        return Math.round((time(p) - time(0)) / speed);
    }
}
