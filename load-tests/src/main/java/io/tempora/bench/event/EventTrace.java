package io.tempora.bench.event;

import io.tempora.data.EventSequence;
import io.tempora.model.EntityState;
import io.tempora.model.EventModel;
import io.tempora.model.PredictionBuffer;
import io.tempora.model.StreamingScorer;

/**
 * A replayable stream of events with the entity's state before and after each, so that every stage of
 * the per-event work can be timed on its own from realistic inputs: states the trained model reaches
 * on a stream of its own process, and that process's gaps.
 *
 * <p>Event {@code i} (of {@link #size()}, a power of two so the benchmark can wrap with a mask) has
 * time {@link #time}, type {@link #type}, the state right after the previous event ({@link #before}),
 * the state evolved to the event time but not yet jumped ({@link #atEvent}, latent {@code h(t_i⁻)}),
 * and the state after the jump ({@link #after}). The first {@code warmup} events of the stream are
 * filtered but not kept, so the kept states are those of an entity with a history.
 */
public final class EventTrace {

    private final double[] times;
    private final int[] types;
    private final double[] gaps;
    private final EntityState[] before;
    private final EntityState[] atEvent;
    private final EntityState[] after;
    private final double[][] hMinus;

    private EventTrace(int n) {
        times = new double[n];
        types = new int[n];
        gaps = new double[n];
        before = new EntityState[n];
        atEvent = new EntityState[n];
        after = new EntityState[n];
        hMinus = new double[n][];
    }

    /**
     * Simulates {@code warmup + size} events of the benchmark process with {@code seed} and filters
     * them with {@code scorer}.
     */
    public static EventTrace record(StreamingScorer scorer, int size, int warmup, long seed) {
        if (Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("trace size must be a power of two, was " + size);
        }
        EventSequence seq =
                BenchModel.process().simulate(warmup + size, seed).sequences().get(0);
        EventModel model = scorer.model();
        EventTrace tr = new EventTrace(size);
        EntityState s = scorer.newState(0);
        double[] horizons = EventStages.horizons(model);
        PredictionBuffer buffer = scorer.newPredictionBuffer(horizons.length);
        for (int i = 0; i < warmup + size; i++) {
            double t = seq.time(i);
            int j = i - warmup;
            if (j >= 0) {
                tr.times[j] = t;
                tr.types[j] = seq.type(i);
                tr.gaps[j] = (t - s.lastEventTime()) / model.timeUnit();
                tr.before[j] = s.copy();
                EntityState at = s.copy();
                scorer.advance(at, t);
                tr.atEvent[j] = at;
                tr.hMinus[j] = at.latent();
            }
            scorer.observe(s, t, seq.type(i));
            // As the streams app does: a prediction after every event, recording the next solve's step hint.
            scorer.predictAndRecordHint(s, horizons, buffer);
            if (j >= 0) {
                tr.after[j] = s.copy();
            }
        }
        return tr;
    }

    public int size() {
        return times.length;
    }

    public double time(int i) {
        return times[i];
    }

    public int type(int i) {
        return types[i];
    }

    /** Time since the previous event, model units (the jump's gap input). */
    public double gap(int i) {
        return gaps[i];
    }

    public EntityState before(int i) {
        return before[i];
    }

    public EntityState atEvent(int i) {
        return atEvent[i];
    }

    public EntityState after(int i) {
        return after[i];
    }

    /** {@code h(t_i⁻)} (do not modify). */
    public double[] hMinus(int i) {
        return hMinus[i];
    }
}
