package io.tempora.bench.model;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import io.tempora.model.EventModel;
import io.tempora.model.train.TrainingConfig;
import io.tempora.model.train.WindowGradient;
import io.tempora.nd4j.train.BatchedWindowGradient;
import io.tempora.pp.BenchmarkProcesses;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Gradient throughput of the two training paths on the benchmark's configuration (a mini-batch of
 * {@code windowsPerBatch} windows of {@code windowLength} Hawkes events, default model), one
 * thread each, the same windows, alternating rounds so that machine noise hits both alike.
 *
 * @param plainEventsPerSecond   plain path, events per second per thread
 * @param batchedEventsPerSecond batched ND4J path, events per second
 */
public record PathTiming(double plainEventsPerSecond, double batchedEventsPerSecond) {

    public static PathTiming measure(TrainingConfig config, int rounds) {
        EventSequence seq = BenchmarkProcesses.hawkes1().process().simulate(20_000, new SplittableRandom(7), "t");
        Dataset data = Dataset.of(TypeVocabulary.numbered(1), List.of(seq));
        EventModel model = EventModel.forDataset(data, 16, 32, 1);
        int b = config.windowsPerBatch();
        int len = config.windowLength();
        int d = model.architecture().latentDim();
        EventSequence[] seqs = new EventSequence[b];
        int[] from = new int[b];
        int[] to = new int[b];
        double[][] start = new double[b][d];
        double[] startTime = new double[b];
        boolean[] origin = new boolean[b];
        for (int i = 0; i < b; i++) {
            seqs[i] = seq;
            from[i] = 1 + i * 2 * len;
            to[i] = from[i] + len;
            startTime[i] = seq.time(from[i] - 1);
        }
        WindowGradient plain = new WindowGradient(model, config.gradient().create(config.solver()), config.solver());
        BatchedWindowGradient batched =
                new BatchedWindowGradient(model, b, config.gradient().create(config.solver()), config.solver());
        double[] grad = new double[model.parameters().size()];
        long plainNanos = 0;
        long batchedNanos = 0;
        for (int r = 0; r < rounds + 1; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < b; i++) {
                plain.compute(seqs[i], from[i], to[i], start[i], startTime[i], false, grad);
            }
            long t1 = System.nanoTime();
            batched.compute(b, seqs, from, to, start, startTime, origin, grad, null);
            long t2 = System.nanoTime();
            if (r > 0) { // round 0 warms up the JIT and ND4J
                plainNanos += t1 - t0;
                batchedNanos += t2 - t1;
            }
        }
        double events = (double) rounds * b * len;
        return new PathTiming(events / (plainNanos * 1e-9), events / (batchedNanos * 1e-9));
    }

    public String json() {
        return String.format(
                Locale.ROOT,
                "{\"plain_events_per_s\":%.0f,\"batched_nd4j_events_per_s\":%.0f}",
                plainEventsPerSecond,
                batchedEventsPerSecond);
    }
}
