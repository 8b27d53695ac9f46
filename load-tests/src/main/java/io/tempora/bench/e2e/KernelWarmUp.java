package io.tempora.bench.e2e;

import io.tempora.data.EventSequence;
import io.tempora.model.EntityState;
import io.tempora.model.EventModel;
import io.tempora.model.PredictionBuffer;
import io.tempora.model.StreamingScorer;
import io.tempora.pp.BenchmarkProcess;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingStream;

/**
 * Scores simulated events with the served model in the benchmark's JVM until the JIT's optimising compiler (C2, tier
 * 4) has compiled the model's SIMD kernels, before the product's throughput run starts.
 *
 * <p>Why: until C2 compiles them, the kernels run as C1 code, in which the Vector API's operations are not SIMD
 * instructions but their Java fallbacks, lane by lane and allocating: a scorer is several times slower then. On a
 * loaded machine the C2 compiles wait behind the broker's and the apps' own, for a share of the product's run that
 * depends on the machine's other load (docs/decisions.md). A service's throughput is its rate once compiled; the wait
 * is reported ({@link Result#seconds()}) instead of being mixed into that rate.
 *
 * <p>The compiles are observed as JFR {@code jdk.Compilation} events (every compile, no threshold) of the kernel
 * methods: a successful, non-OSR compile at {@link #C2_LEVEL}.
 */
public final class KernelWarmUp {

    /**
     * The kernels whose C2 compile is waited for, each as the methods any of whose compiles includes it: the vector
     * field's layers, its intensities' softplus, the hidden units' tanh, and the jump's gates and jump (the jump, at
     * 192 bytecodes, may be inlined into its callers' C2 code instead of compiled on its own).
     */
    static final List<Set<String>> KERNELS = List.of(
            Set.of("io.tempora.nn.VectorFieldKernel.evaluate"),
            Set.of("io.tempora.nn.VectorFieldKernel.softplus"),
            Set.of("io.tempora.nn.VectorTanh.tanh"),
            Set.of("io.tempora.nn.VectorJumpKernel.gates"),
            Set.of(
                    "io.tempora.nn.VectorJumpKernel.jump",
                    "io.tempora.model.FusedJump.jump",
                    "io.tempora.model.StreamingScorer.observe"));
    /** HotSpot's tier of C2-compiled code. */
    static final int C2_LEVEL = 4;
    /** Events scored between checks of the compiles seen. */
    static final int EVENTS_PER_CHECK = 500;
    /** Simulated events of one entity, scored in a loop. */
    static final int TRACE_EVENTS = 5_000;

    /**
     * What the warm-up did.
     *
     * @param compiled whether every kernel was compiled by C2 within the limit
     * @param seconds  how long it took
     * @param events   events scored (each observed and predicted at the product's horizons)
     */
    public record Result(boolean compiled, double seconds, long events) {}

    private KernelWarmUp() {}

    /**
     * Observes and predicts (at {@code horizonsMs}) simulated events of {@code process}, one process unit being
     * {@code unitMs}, with a default scorer of {@code model} until the kernels are C2-compiled or {@code limit} has
     * passed.
     */
    public static Result run(
            EventModel model, BenchmarkProcess process, double unitMs, double[] horizonsMs, long seed, Duration limit) {
        Set<String> compiled = ConcurrentHashMap.newKeySet();
        long start = System.nanoTime();
        long events = 0;
        try (RecordingStream compiles = new RecordingStream()) {
            compiles.enable("jdk.Compilation").withThreshold(Duration.ZERO);
            compiles.onEvent("jdk.Compilation", e -> {
                String method = c2Method(e);
                if (method != null) {
                    compiled.add(method);
                }
            });
            compiles.startAsync();
            EventSequence trace =
                    process.simulate(TRACE_EVENTS, seed).sequences().get(0);
            StreamingScorer scorer = new StreamingScorer(model);
            PredictionBuffer out = scorer.newPredictionBuffer(horizonsMs.length);
            long deadline = start + limit.toNanos();
            double offset = 0;
            EntityState state = null;
            while (!allCompiled(compiled) && System.nanoTime() < deadline) {
                for (int n = 0; n < EVENTS_PER_CHECK; n++, events++) {
                    int i = (int) (events % trace.size());
                    if (i == 0 && state != null) {
                        offset = state.time() + unitMs; // the trace again, after the last pass's end
                    }
                    double t = offset + trace.time(i) * unitMs;
                    if (state == null) {
                        state = scorer.start(t, trace.type(i), null);
                    } else {
                        scorer.observe(state, t, trace.type(i), null);
                    }
                    scorer.predictAndRecordHint(state, horizonsMs, out);
                }
            }
        }
        return new Result(allCompiled(compiled), (System.nanoTime() - start) / 1e9, events);
    }

    /** Whether every kernel is in a C2 compile seen. */
    static boolean allCompiled(Set<String> compiledMethods) {
        return KERNELS.stream().allMatch(k -> k.stream().anyMatch(compiledMethods::contains));
    }

    /** The method ({@code class.name}) of a successful non-OSR C2 compile event, or null for any other compile. */
    private static String c2Method(RecordedEvent e) {
        if (e.getShort("compileLevel") != C2_LEVEL || !e.getBoolean("succeded") || e.getBoolean("isOsr")) {
            return null;
        }
        RecordedMethod m = e.getValue("method");
        return m.getType().getName() + "." + m.getName();
    }
}
