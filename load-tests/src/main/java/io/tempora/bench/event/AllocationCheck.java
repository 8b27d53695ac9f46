package io.tempora.bench.event;

import io.tempora.model.EntityState;
import io.tempora.model.EventModel;
import io.tempora.model.PredictionBuffer;
import io.tempora.model.StreamingScorer;
import java.lang.management.ManagementFactory;

/**
 * Bytes allocated per event by the streaming path, counted exactly by the JVM's per-thread allocation
 * counter ({@code com.sun.management.ThreadMXBean}) over whole passes of a trace after warm-up; a
 * cross-check of JMH's GC profiler, whose {@code gc.alloc.rate.norm} also carries the harness's own
 * per-iteration allocations spread over the operations.
 */
public final class AllocationCheck {

    private AllocationCheck() {}

    /** Bytes per event of {@code observe} + {@code predict} over the trace, after {@code warmPasses} passes. */
    public static double bytesPerEvent(
            EventModel model, EventTrace trace, double[] horizons, int warmPasses, int passes) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        StreamingScorer scorer = new StreamingScorer(model);
        PredictionBuffer out = scorer.newPredictionBuffer(horizons.length);
        EntityState work = trace.before(0).copy();
        long id = Thread.currentThread().getId();
        long start = 0;
        for (int p = 0; p < warmPasses + passes; p++) {
            if (p == warmPasses) {
                start = bean.getThreadAllocatedBytes(id);
            }
            for (int i = 0; i < trace.size(); i++) {
                work.copyFrom(trace.before(i));
                scorer.observe(work, trace.time(i), trace.type(i));
                scorer.predictAndRecordHint(work, horizons, out);
            }
        }
        long bytes = bean.getThreadAllocatedBytes(id) - start;
        return (double) bytes / ((long) passes * trace.size());
    }
}
