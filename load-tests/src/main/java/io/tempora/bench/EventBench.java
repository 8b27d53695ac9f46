package io.tempora.bench;

import io.tempora.bench.event.Accuracy;
import io.tempora.bench.event.AllocationCheck;
import io.tempora.bench.event.BenchModel;
import io.tempora.bench.event.EventStages;
import io.tempora.bench.event.EventTrace;
import io.tempora.bench.event.JfrTopFrames;
import io.tempora.model.EventModel;
import io.tempora.model.PredictionBuffer;
import io.tempora.model.StreamingScorer;
import io.tempora.ode.BogackiShampine32;
import io.tempora.ode.DormandPrince54;
import io.tempora.ode.SolverSettings;
import io.tempora.ode.Tolerances;
import io.tempora.ode.Tsitouras54;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code ./bench.sh event}: the cost of one event on the streaming path (issue 6). The default
 * streaming configuration (D=16, H=32, K=3 types of the 3-type Hawkes process, {@link StreamingScorer}'s
 * default solver and tolerances, predictions at the median gap, 10× and 100× it with quantiles and the
 * next-type distribution) on a model trained on that process ({@link BenchModel}: trained once with a
 * fixed seed and cached under {@code target/event-bench/}).
 *
 * <p>Reports, from JMH (single thread, {@link GCProfiler}; the total over {@value #TOTAL_FORKS} forks, each
 * stage in one): µs per event for each stage (advance, score, jump, predict) and in total, allocated bytes per event ({@code gc.alloc.rate.norm}),
 * and a same-run yardstick (one MLP evaluation, D=16, H=32) with the load average, since the machine is
 * shared. Outside JMH: solver evaluations per event, and the log-likelihood and prediction differences
 * against the same events scored with a tight solve (Dormand–Prince, rtol = 1e-10, atol = 1e-12).
 *
 * <p>Arguments (optional): {@code quick} (shorter JMH runs), {@code profile} (also records the total
 * benchmark with JFR and prints its top frames), {@code warmup=N}, {@code iterations=N}, {@code time_ms=N}.
 */
public final class EventBench implements BenchReport {

    /**
     * Passes over the trace before the exact allocation count, and passes counted. Why 40: until C2 has
     * compiled the Vector API kernels a pass allocates ~5 MB (boxed vectors, passes 0–9), and one late
     * recompilation allocates ~1.2 KB once, somewhere in passes 16–21 (seen in every run of a 150-pass
     * probe, also before this session's changes; nothing after it): 20 warm-up passes sometimes counted it.
     */
    static final int ALLOC_WARM_PASSES = 40;

    static final int ALLOC_PASSES = 10;

    /** JVMs the {@code total} benchmark runs in (one in {@code quick} mode); the other stages run in one. */
    static final int TOTAL_FORKS = 3;

    /** The reference solve the streaming tolerances are judged against. */
    public static final SolverSettings TIGHT =
            SolverSettings.adaptive(DormandPrince54.TABLEAU, Tolerances.of(1e-10, 1e-12));

    /** Alternatives printed next to the default, as evidence for it. */
    private static final SolverSettings[] SWEEP = {
        SolverSettings.adaptive(DormandPrince54.TABLEAU, Tolerances.of(1e-4, 1e-6)),
        SolverSettings.adaptive(DormandPrince54.TABLEAU, Tolerances.of(3e-3, 1e-5)),
        SolverSettings.adaptive(DormandPrince54.TABLEAU, Tolerances.of(1e-3, 1e-5)),
        SolverSettings.adaptive(Tsitouras54.TABLEAU, Tolerances.of(1e-3, 1e-5)),
        SolverSettings.adaptive(Tsitouras54.TABLEAU, Tolerances.of(3e-3, 1e-5)),
        SolverSettings.adaptive(BogackiShampine32.TABLEAU, Tolerances.of(1e-3, 1e-5)),
        SolverSettings.adaptive(BogackiShampine32.TABLEAU, Tolerances.of(3e-3, 1e-5)),
    };

    @Override
    public String run(String[] args) throws Exception {
        int warmup = 3;
        int iterations = 5;
        int timeMs = 1000;
        int totalForks = TOTAL_FORKS;
        String profile = null;
        for (String a : args) {
            if (a.equals("quick")) {
                warmup = 2;
                iterations = 3;
                timeMs = 500;
                totalForks = 1;
            } else if (a.equals("profile")) {
                profile = "total";
            } else if (a.startsWith("profile=")) {
                profile = a.substring(8);
            } else if (a.startsWith("warmup=")) {
                warmup = Integer.parseInt(a.substring(7));
            } else if (a.startsWith("iterations=")) {
                iterations = Integer.parseInt(a.substring(11));
            } else if (a.startsWith("time_ms=")) {
                timeMs = Integer.parseInt(a.substring(8));
            } else {
                throw new IllegalArgumentException(
                        "unknown argument '" + a + "': use quick, profile, warmup=N, iterations=N or time_ms=N");
            }
        }
        EventModel model = BenchModel.loadOrTrain(System.out);
        Path modelFile = BenchModel.cacheFile().toAbsolutePath();
        double[] horizons = EventStages.horizons(model);
        SolverSettings predictions = StreamingScorer.DEFAULT_PREDICTION_SETTINGS;
        System.out.printf(
                Locale.ROOT,
                "configuration: %s; segments %s %s, predictions %s %s%s; horizons %s"
                        + " (data units; median gap, 10x, 100x)%n",
                model.architecture(),
                StreamingScorer.DEFAULT_SETTINGS.tableau().name(),
                StreamingScorer.DEFAULT_SETTINGS.tolerances(),
                predictions.tableau().name(),
                predictions.tolerances(),
                predictions.controller() == null ? "" : " " + predictions.controller(),
                java.util.Arrays.toString(horizons));

        Accuracy acc = Accuracy.measure(
                model, StreamingScorer.DEFAULT_SETTINGS, StreamingScorer.DEFAULT_PREDICTION_SETTINGS, TIGHT, horizons);
        System.out.printf(
                Locale.ROOT,
                "accuracy vs tight solve (%s) over %d events: log-likelihood |diff| mean %.3g,"
                        + " max %.3g nats/event, total-NLL diff %.3g nats/event; predictions max |diff|: P(within) %.3g,"
                        + " next type %.3g, quantiles (relative) %.3g, expected wait (relative) %.3g%n",
                TIGHT.tolerances(),
                acc.events(),
                acc.meanAbs(),
                acc.maxAbs(),
                acc.meanSigned(),
                acc.within(),
                acc.nextType(),
                acc.quantileRel(),
                acc.expectedRel());
        System.out.printf(
                Locale.ROOT,
                "solver evaluations per event: %.2f (advance %.2f, predict %.2f)%n",
                acc.nfeTotal(),
                acc.nfeAdvance(),
                acc.nfePredict());

        EventTrace trace = EventTrace.record(
                new StreamingScorer(model), EventStages.TRACE, EventStages.TRACE_WARMUP, BenchModel.TRACE_SEED);
        double exactAlloc = AllocationCheck.bytesPerEvent(model, trace, horizons, ALLOC_WARM_PASSES, ALLOC_PASSES);
        System.out.printf(
                Locale.ROOT,
                "allocation per event (observe + predict, ThreadMXBean over %d events after"
                        + " %d warm-up passes): %.3f bytes%n",
                ALLOC_PASSES * trace.size(),
                ALLOC_WARM_PASSES,
                exactAlloc);
        System.out.println("methods and tolerances on the same events, segments and predictions alike (the"
                + " streaming defaults are " + StreamingScorer.DEFAULT_SETTINGS.tolerances() + " and "
                + StreamingScorer.DEFAULT_PREDICTION_SETTINGS.tolerances() + "):");
        System.out.printf(
                Locale.ROOT,
                "  %-30s %7s %7s %7s %10s %10s %10s %10s%n",
                "settings",
                "nfe",
                "advance",
                "predict",
                "ll|d|mean",
                "ll|d|max",
                "P|d|max",
                "q_reldiff");
        for (SolverSettings s : SWEEP) {
            Accuracy a = Accuracy.measure(model, s, TIGHT, horizons);
            System.out.printf(
                    Locale.ROOT,
                    "  %-30s %7.1f %7.1f %7.1f %10.2e %10.2e %10.2e %10.2e%n",
                    s.tableau().name() + " " + s.tolerances().rtol(0) + "/"
                            + s.tolerances().atol(0),
                    a.nfeTotal(),
                    a.nfeAdvance(),
                    a.nfePredict(),
                    a.meanAbs(),
                    a.maxAbs(),
                    a.within(),
                    a.quantileRel());
        }

        System.out.printf(
                Locale.ROOT,
                "predict evaluations per event by largest horizon (the cost grows with it):"
                        + " 1x %.1f, 10x %.1f, 100x %.1f%n",
                predictEvaluations(model, trace, 1),
                predictEvaluations(model, trace, 10),
                predictEvaluations(model, trace, 100));

        double loadBefore = loadAverage();
        Map<String, RunResult> results = jmh(modelFile, warmup, iterations, timeMs, null, null, 1);
        // The headline figure over several JVMs: one fork's JIT outcome moved it by ±15% in this session.
        results.putAll(jmh(modelFile, warmup, iterations, timeMs, null, "total", totalForks));
        double loadAfter = loadAverage();

        Map<String, Double> us = new LinkedHashMap<>();
        Map<String, Double> alloc = new LinkedHashMap<>();
        System.out.printf(Locale.ROOT, "%n%-14s %12s %10s %14s%n", "stage", "us/event", "+-", "alloc B/event");
        for (Map.Entry<String, RunResult> en : results.entrySet()) {
            Result<?> r = en.getValue().getPrimaryResult();
            us.put(en.getKey(), r.getScore());
            double a = allocNorm(en.getValue());
            alloc.put(en.getKey(), a);
            System.out.printf(
                    Locale.ROOT, "%-14s %12.3f %10.3f %14.1f%n", en.getKey(), r.getScore(), r.getScoreError(), a);
        }
        double mlp = us.get("mlpReference");
        double total = us.get("total");
        System.out.printf(
                Locale.ROOT,
                "total = %.1f reference MLP evaluations (the pre-issue plain path) of the same run,"
                        + " %.1f of today's; load average %.2f before, %.2f after the JMH run (%d cores)%n",
                total / mlp,
                total / us.get("mlpLibrary"),
                loadBefore,
                loadAfter,
                Runtime.getRuntime().availableProcessors());

        String profileSummary = null;
        if (profile != null) {
            Path jfr = Path.of("target", "event-bench", profile + ".jfr").toAbsolutePath();
            Files.deleteIfExists(jfr);
            jmh(modelFile, warmup, iterations, timeMs, jfr, profile, 1);
            profileSummary = JfrTopFrames.summarise(jfr, 15);
            System.out.println("\nJFR profile of '" + profile + "' (" + jfr + "):\n" + profileSummary);
        }

        return String.format(
                Locale.ROOT,
                "{\"us_per_event\":%.3f,\"alloc_bytes_per_event\":%.1f,"
                        + "\"alloc_bytes_per_event_exact\":%.3f,\"nfe_per_event\":%.2f,"
                        + "\"stage_us\":{\"advance\":%.3f,\"score\":%.3f,\"jump\":%.3f,\"predict\":%.3f},"
                        + "\"nll_diff_vs_tight\":%.3g,\"nll_absdiff_max_vs_tight\":%.3g,\"nll_signed_diff_vs_tight\":%.3g,"
                        + "\"prediction_within_maxdiff_vs_tight\":%.3g,\"prediction_quantile_reldiff_vs_tight\":%.3g,"
                        + "\"prediction_nexttype_maxdiff_vs_tight\":%.3g,\"prediction_expected_reldiff_vs_tight\":%.3g,"
                        + "\"nfe_advance\":%.2f,\"nfe_predict\":%.2f,\"copy_state_us\":%.3f,"
                        + "\"reference_mlp_us\":%.3f,\"library_mlp_us\":%.3f,\"total_in_mlp_evals\":%.1f,\"load_avg\":[%.2f,%.2f],"
                        + "\"solver\":\"%s %s\",\"prediction_solver\":\"%s\",\"model\":\"%s\"}",
                total,
                alloc.get("total"),
                exactAlloc,
                acc.nfeTotal(),
                us.get("advance"),
                us.get("score"),
                us.get("jump"),
                us.get("predict"),
                acc.meanAbs(),
                acc.maxAbs(),
                acc.meanSigned(),
                acc.within(),
                acc.quantileRel(),
                acc.nextType(),
                acc.expectedRel(),
                acc.nfeAdvance(),
                acc.nfePredict(),
                us.get("copyState"),
                mlp,
                us.get("mlpLibrary"),
                total / mlp,
                loadBefore,
                loadAfter,
                StreamingScorer.DEFAULT_SETTINGS.tableau().name(),
                StreamingScorer.DEFAULT_SETTINGS.tolerances(),
                StreamingScorer.DEFAULT_PREDICTION_SETTINGS.tableau().name() + " "
                        + StreamingScorer.DEFAULT_PREDICTION_SETTINGS.tolerances()
                        + (StreamingScorer.DEFAULT_PREDICTION_SETTINGS.controller() == null
                                ? ""
                                : " " + StreamingScorer.DEFAULT_PREDICTION_SETTINGS.controller()),
                model.version() + " " + BenchModel.cacheFile().getFileName());
    }

    private static Map<String, RunResult> jmh(
            Path modelFile, int warmup, int iterations, int timeMs, Path jfr, String only, int forks) throws Exception {
        ChainedOptionsBuilder ob = new OptionsBuilder()
                .include(EventStages.class.getName() + "\\." + (only == null ? "" : only + "$"))
                .param("modelFile", modelFile.toString())
                .forks(forks)
                .threads(1)
                .warmupIterations(warmup)
                .warmupTime(TimeValue.milliseconds(timeMs))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.milliseconds(timeMs))
                .shouldFailOnError(true);
        if (only == null) {
            // Every stage but the total, which is run apart over several forks.
            ob.exclude(EventStages.class.getName() + "\\.total$");
        }
        if (io.tempora.nn.FieldKernel.vectorAvailable()) {
            // The fork runs the same kernel as this JVM (bench.sh adds the module).
            ob.jvmArgsAppend("--add-modules", "jdk.incubator.vector");
        }
        if (jfr == null) {
            ob.addProfiler(GCProfiler.class).jvmArgsAppend("-Xmx1g", "-Xms1g", "-XX:+UseParallelGC");
        } else {
            // DebugNonSafepoints: attribute samples to the inlined method actually running.
            ob.jvmArgsAppend(
                    "-Xmx1g",
                    "-Xms1g",
                    "-XX:+UseParallelGC",
                    "-XX:+UnlockDiagnosticVMOptions",
                    "-XX:+DebugNonSafepoints",
                    "-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
        }
        Collection<RunResult> run = new Runner(ob.build()).run();
        Map<String, RunResult> byName = new LinkedHashMap<>();
        for (String stage :
                new String[] {"advance", "score", "jump", "predict", "total", "copyState", "mlpReference", "mlpLibrary"
                }) {
            for (RunResult r : run) {
                String label = r.getParams().getBenchmark();
                if (label.endsWith("." + stage)) {
                    byName.put(stage, r);
                }
            }
        }
        return byName;
    }

    private static double allocNorm(RunResult r) {
        for (Map.Entry<String, Result> en : r.getSecondaryResults().entrySet()) {
            if (en.getKey().endsWith("gc.alloc.rate.norm")) {
                return en.getValue().getScore();
            }
        }
        return Double.NaN;
    }

    /** Mean evaluations of one prediction after each trace event with horizons up to {@code multiple} median gaps. */
    private static double predictEvaluations(EventModel model, EventTrace trace, double multiple) {
        StreamingScorer scorer = new StreamingScorer(model);
        double[] all = EventStages.horizons(model);
        double[] horizons = java.util.Arrays.stream(all)
                .filter(h -> h <= multiple * model.timeUnit() * (1 + 1e-12))
                .toArray();
        PredictionBuffer out = scorer.newPredictionBuffer(horizons.length);
        long before = scorer.evaluations();
        for (int i = 0; i < trace.size(); i++) {
            scorer.predict(trace.after(i), trace.time(i), horizons, out);
        }
        return (double) (scorer.evaluations() - before) / trace.size();
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (Exception e) {
            return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    .getSystemLoadAverage();
        }
    }
}
