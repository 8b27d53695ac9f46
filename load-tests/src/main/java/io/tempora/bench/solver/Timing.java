package io.tempora.bench.solver;

import java.util.Arrays;

/**
 * Manual timing of two competing runnables in alternating rounds, so that the machine's drift and
 * noise hit both alike; the result is the median over rounds of the mean time per call.
 */
public final class Timing {

    private Timing() {}

    /** Median microseconds per call of {@code a} and {@code b}: warm-up, then {@code rounds} alternating rounds. */
    public static double[] compare(Runnable a, Runnable b, double warmupSeconds, int rounds, double roundSeconds) {
        long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        while (System.nanoTime() < warmupEnd) {
            a.run();
            b.run();
        }
        int callsA = callsFor(a, roundSeconds);
        int callsB = callsFor(b, roundSeconds);
        double[] usA = new double[rounds];
        double[] usB = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            // Alternate which one goes first, so neither always runs on a cooler/hotter machine state.
            if (r % 2 == 0) {
                usA[r] = time(a, callsA);
                usB[r] = time(b, callsB);
            } else {
                usB[r] = time(b, callsB);
                usA[r] = time(a, callsA);
            }
        }
        return new double[] {median(usA), median(usB)};
    }

    private static int callsFor(Runnable r, double seconds) {
        long start = System.nanoTime();
        int calls = 0;
        while (System.nanoTime() - start < 20_000_000L) {
            r.run();
            calls++;
        }
        double perCall = (System.nanoTime() - start) / (double) calls;
        return (int) Math.max(1, seconds * 1e9 / perCall);
    }

    private static double time(Runnable r, int calls) {
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            r.run();
        }
        return (System.nanoTime() - start) / 1e3 / calls;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
