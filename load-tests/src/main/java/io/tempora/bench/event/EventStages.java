package io.tempora.bench.event;

import io.tempora.model.EntityState;
import io.tempora.model.EventModel;
import io.tempora.model.ModelCodec;
import io.tempora.model.ModelWorkspace;
import io.tempora.model.PredictionBuffer;
import io.tempora.model.StreamingScorer;
import io.tempora.nn.JumpKernel;
import io.tempora.nn.Linear;
import io.tempora.nn.Mlp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The JMH benchmarks of {@code ./bench.sh event}: one event's work on the streaming path, stage by stage
 * and in total, each invocation taking the next event of an {@link EventTrace} (wrapping), so the
 * measured states and gaps are a trained model's on its own process, not one repeated input.
 *
 * <ul>
 *   <li>{@code advance}: evolve the state from the previous event to this event's time (the segment solve
 *       of {@code [h, Λ]}), from a copy of the stored state;</li>
 *   <li>{@code score}: {@code log λ_k(t⁻)} from {@code h(t⁻)} (the compensator is already in the state);</li>
 *   <li>{@code jump}: the GRU jump at the event, on the {@link JumpKernel} the scorer uses;</li>
 *   <li>{@code predict}: the prediction at the event time right after the jump (three horizons,
 *       quantiles, expected wait, next type);</li>
 *   <li>{@code total}: what the streams app calls per event, {@code observe} then {@code predictAndRecordHint}
 *       (the prediction that also records the next solve's step hint in the state);</li>
 *   <li>{@code copyState}: the state copy the first and last include (to subtract, if it matters);</li>
 *   <li>{@code mlpReference}: one MLP evaluation D=16, H=32 ({@code f_θ} alone) by the plain path as it
 *       was before issue 6 (one dot product per row, {@code Math.tanh} below 0.55), frozen here so
 *       that this same-run yardstick, which makes figures comparable across machine load, does not
 *       move when the library gets faster;</li>
 *   <li>{@code mlpLibrary}: the same evaluation by today's {@link Mlp#forward}.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EventStages {

    /** Trace length (a power of two). */
    public static final int TRACE = 1024;
    /** Events filtered before the trace starts. */
    public static final int TRACE_WARMUP = 256;

    /** Path of the cached trained model ({@link BenchModel#cacheFile()}). */
    @Param("")
    public String modelFile;

    private StreamingScorer scorer;
    private ModelWorkspace ws;
    private EventTrace trace;
    private EntityState work;
    private PredictionBuffer buffer;
    private double[] horizons;
    private double[] hOut;
    private JumpKernel jumpKernel;
    private double[] mlpOut;
    private double[] frozenHidden;
    private Mlp mlp;
    private Mlp.Workspace mlpWs;
    private double[] theta;
    private int next;

    @Setup
    public void setUp() throws IOException {
        EventModel model = ModelCodec.decode(Files.readAllBytes(Path.of(modelFile)));
        scorer = new StreamingScorer(model);
        ws = model.newWorkspace();
        trace = EventTrace.record(scorer, TRACE, TRACE_WARMUP, BenchModel.TRACE_SEED);
        work = trace.before(0).copy();
        horizons = horizons(model);
        buffer = scorer.newPredictionBuffer(horizons.length);
        hOut = new double[model.architecture().latentDim()];
        jumpKernel = JumpKernel.create(model.jump(), model.embedding());
        jumpKernel.pack(model.parameters().values());
        mlpOut = new double[model.architecture().latentDim()];
        mlp = model.dynamics();
        mlpWs = mlp.newWorkspace();
        frozenHidden = new double[model.architecture().hiddenDim()];
        theta = model.parameters().values();
    }

    /** The median gap (the model's time unit, chosen as the training data's median gap), 10× and 100× it. */
    public static double[] horizons(EventModel model) {
        double u = model.timeUnit();
        return new double[] {u, 10 * u, 100 * u};
    }

    private int nextEvent() {
        int i = next;
        next = (i + 1) & (TRACE - 1);
        return i;
    }

    @Benchmark
    public double advance() {
        int i = nextEvent();
        work.copyFrom(trace.before(i));
        scorer.advance(work, trace.time(i));
        return work.pendingCompensator();
    }

    @Benchmark
    public double score() {
        int i = nextEvent();
        return ws.logIntensity(trace.hMinus(i), trace.type(i));
    }

    @Benchmark
    public double[] jump() {
        int i = nextEvent();
        // As the scorer's jump: log(gap + ε) is part of the stage.
        jumpKernel.jump(
                trace.hMinus(i), trace.type(i), Math.log(trace.gap(i) + EventModel.LOG_GAP_EPSILON), null, hOut);
        return hOut;
    }

    @Benchmark
    public PredictionBuffer predict() {
        int i = nextEvent();
        scorer.predict(trace.after(i), trace.time(i), horizons, buffer);
        return buffer;
    }

    @Benchmark
    public double total() {
        int i = nextEvent();
        work.copyFrom(trace.before(i));
        double ll = scorer.observe(work, trace.time(i), trace.type(i));
        scorer.predictAndRecordHint(work, horizons, buffer);
        return ll + buffer.probabilityWithin(0);
    }

    @Benchmark
    public EntityState copyState() {
        int i = nextEvent();
        work.copyFrom(trace.before(i));
        return work;
    }

    @Benchmark
    public double[] mlpReference() {
        int i = nextEvent();
        frozenForward(trace.hMinus(i));
        return mlpOut;
    }

    @Benchmark
    public double[] mlpLibrary() {
        int i = nextEvent();
        mlp.forward(theta, trace.hMinus(i), mlpWs, mlpOut);
        return mlpOut;
    }

    /** {@code W₂ tanh(W₁ x + b₁) + b₂} as {@code Linear.forward} and {@code Tanh} computed it before issue 6. */
    private void frozenForward(double[] x) {
        Linear l1 = mlp.layers().get(0);
        Linear l2 = mlp.layers().get(1);
        int hidden = l1.out();
        for (int o = 0; o < hidden; o++) {
            double s = theta[l1.bias().offset() + o];
            int row = l1.weight().offset() + o * l1.in();
            for (int i = 0; i < l1.in(); i++) {
                s += theta[row + i] * x[i];
            }
            frozenHidden[o] = frozenTanh(s);
        }
        for (int o = 0; o < l2.out(); o++) {
            double s = theta[l2.bias().offset() + o];
            int row = l2.weight().offset() + o * hidden;
            for (int i = 0; i < hidden; i++) {
                s += theta[row + i] * frozenHidden[i];
            }
            mlpOut[o] = s;
        }
    }

    private static double frozenTanh(double x) {
        double ax = Math.abs(x);
        if (ax < 0.55) {
            return Math.tanh(x);
        }
        if (ax >= 22.0) {
            return Math.copySign(1.0, x);
        }
        double t = Math.exp(-2.0 * ax);
        return Math.copySign((1.0 - t) / (1.0 + t), x);
    }
}
