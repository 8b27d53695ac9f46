package io.tempora.trainer.baseline;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import io.tempora.nn.Embedding;
import io.tempora.nn.GruCell;
import io.tempora.nn.Linear;
import io.tempora.nn.ParameterSet;

/**
 * The intensity-free neural baseline LogNormMix (Shchur, Biloš &amp; Günnemann, "Intensity-Free Learning of
 * Temporal Point Processes", ICLR 2020), on model-core's layers: a recurrent history encoder and, from its state,
 * a mixture of log-normals for the next gap and a categorical distribution for the next type, the two
 * independent given the history.
 * <pre>
 *   x_i = [(y_i − ȳ) / s_y ; E[k_i]],   y_i = log τ_i (τ_i the gap before event i, seconds; x_0 has 0 there)
 *   h_i = GRU(x_i, h_{i−1}),   h_{−1} = 0
 *   [a; u; v] = W_g h_{i−1} + b_g                       (M logits, M means, M log-scales)
 *   p(τ_i) = Σ_m w_m LogNormal(τ_i; μ_m, σ_m),   w = softmax(a),  μ_m = ȳ + s_y u_m,  σ_m = s_y e^{v_m}
 *   p(k_i) = softmax(W_k h_{i−1} + b_k)_{k_i}
 * </pre>
 * with {@code ȳ}, {@code s_y} the training log-gaps' mean and standard deviation, so that the network sees
 * and predicts log-gaps on a unit scale whatever the data's time unit (the authors' normalisation). The
 * log-scales {@code v} are clamped to [{@value #MIN_LOG_SCALE}, {@value #MAX_LOG_SCALE}] (zero gradient
 * outside), as in the authors' code, so that no component collapses onto a single repeated gap.
 *
 * <p>Under the likelihood convention (each sequence's first event conditioned on, the integral up to the last
 * event), a sequence's time log-likelihood is exactly {@code Σ_{i≥1} log p(τ_i)}: the density of a gap is the
 * intensity at its end times the survival up to it. A density cannot score a gap of exactly 0 (two events at
 * one instant); such gaps are read as {@value #MIN_GAP_SECONDS} s, the resolution of the CSV's epoch
 * milliseconds.
 *
 * <p>The embedding has a row past the training types for types not seen in training, which keeps its initial
 * values: such an event still moves the history. Its type part is the caller's ({@link UnseenTypes}).
 * Gradients ({@link #windowGradient}) are by hand: the heads' through {@link Linear}, the recurrence's by
 * backpropagation through time with {@link GruCell#vjp}.
 */
final class LogNormMix {

    /** Gaps below this many seconds (0: two events at one instant) are scored at it: the CSV's resolution. */
    static final double MIN_GAP_SECONDS = 1e-3;

    /** The log-scales' clamp, the authors' bounds: a component between e^-5 and e^3 log-gap deviations wide. */
    static final double MIN_LOG_SCALE = -5;

    static final double MAX_LOG_SCALE = 3;

    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private final TypeVocabulary types;
    private final int hidden;
    private final int components;
    private final double logGapMean;
    private final double logGapStd;
    private final ParameterSet params;
    private final Embedding embedding;
    private final GruCell gru;
    private final Linear gapHead;
    private final Linear typeHead;

    /**
     * @param types      the training types ({@code K}); one more embedding row holds types not seen in training
     * @param hidden     the recurrent state's size {@code H}
     * @param components the mixture's components {@code M}
     * @param embedding  the type embedding's size
     * @param logGapMean {@code ȳ}
     * @param logGapStd  {@code s_y > 0}
     */
    LogNormMix(TypeVocabulary types, int hidden, int components, int embedding, double logGapMean, double logGapStd) {
        if (!(logGapStd > 0) || !Double.isFinite(logGapStd) || !Double.isFinite(logGapMean)) {
            throw new IllegalArgumentException(
                    "log-gap mean must be finite and its sd finite and > 0, got " + logGapMean + ", " + logGapStd);
        }
        this.types = types;
        this.hidden = hidden;
        this.components = components;
        this.logGapMean = logGapMean;
        this.logGapStd = logGapStd;
        ParameterSet.Builder b = ParameterSet.builder();
        this.embedding = Embedding.define(b, "lnm.embedding", types.size() + 1, embedding);
        this.gru = GruCell.define(b, "lnm.gru", 1 + embedding, hidden);
        this.gapHead = Linear.define(b, "lnm.gap", hidden, 3 * components);
        this.typeHead = Linear.define(b, "lnm.type", hidden, types.size());
        this.params = b.build();
    }

    TypeVocabulary types() {
        return types;
    }

    int hidden() {
        return hidden;
    }

    int components() {
        return components;
    }

    int embeddingSize() {
        return embedding.dim();
    }

    double logGapMean() {
        return logGapMean;
    }

    double logGapStd() {
        return logGapStd;
    }

    /** The parameters (flat; {@link ParameterSet#setAll} to load saved ones). */
    ParameterSet parameters() {
        return params;
    }

    /** {@code log max(τ, MIN_GAP_SECONDS)}. */
    static double logGap(double seconds) {
        return Math.log(Math.max(seconds, MIN_GAP_SECONDS));
    }

    /**
     * One sequence as the network reads it.
     *
     * @param logGaps {@code y_i = log τ_i} (seconds, {@link #logGap}); index 0 unused
     * @param types   training type ids, {@code K} for a type not seen in training
     */
    record Encoded(double[] logGaps, int[] types) {

        int size() {
            return types.length;
        }
    }

    /**
     * The sequences of {@code data} (times in units of {@code 1 / dataUnitsPerSecond} seconds), its types matched
     * to the training types by name, any other read as a type not seen in training.
     */
    java.util.List<Encoded> encode(Dataset data, double dataUnitsPerSecond) {
        int[] toTraining = new int[data.numTypes()];
        for (int k = 0; k < toTraining.length; k++) {
            int id = types.idOrMinusOne(data.types().name(k));
            toTraining[k] = id < 0 ? types.size() : id;
        }
        java.util.List<Encoded> out = new java.util.ArrayList<>();
        for (EventSequence s : data.sequences()) {
            double[] y = new double[s.size()];
            int[] k = new int[s.size()];
            for (int i = 0; i < s.size(); i++) {
                y[i] = i == 0 ? 0 : logGap((s.time(i) - s.time(i - 1)) / dataUnitsPerSecond);
                k[i] = toTraining[s.type(i)];
            }
            out.add(new Encoded(y, k));
        }
        return out;
    }

    /** Buffers for one thread's forward and backward passes over windows of up to {@code window} events. */
    final class Workspace {
        final double[] x = new double[1 + embedding.dim()];
        final double[] gx = new double[1 + embedding.dim()];
        final double[] raw = new double[3 * components];
        final double[] gRaw = new double[3 * components];
        final double[] ell = new double[components];
        final double[] logits = new double[Math.max(1, types.size())];
        final double[] gLogits = new double[Math.max(1, types.size())];
        final double[] gh = new double[hidden];
        final double[] ghPrev = new double[hidden];
        final double[] headGrad = new double[hidden];
        final double[][] states;
        final double[][] headGrads;
        final GruCell.Workspace[] cells;
        final GruCell.Workspace single = gru.newWorkspace();

        Workspace(int window) {
            states = new double[window + 1][hidden];
            headGrads = new double[window][hidden];
            cells = new GruCell.Workspace[window];
            for (int i = 0; i < window; i++) {
                cells[i] = gru.newWorkspace();
            }
        }
    }

    Workspace newWorkspace(int window) {
        return new Workspace(window);
    }

    /** {@code x_i} into {@code ws.x}. */
    private void input(double[] theta, Encoded s, int i, Workspace ws) {
        ws.x[0] = i == 0 ? 0 : (s.logGaps()[i] - logGapMean) / logGapStd;
        embedding.forward(theta, s.types()[i], ws.gx);
        System.arraycopy(ws.gx, 0, ws.x, 1, embedding.dim());
    }

    /** {@code h = GRU(x_i, h)} in place, without keeping what a gradient needs. */
    void step(Encoded s, int i, double[] h, Workspace ws) {
        double[] theta = params.values();
        input(theta, s, i, ws);
        gru.forward(theta, ws.x, h, ws.single, h);
    }

    /**
     * {@code log p(τ)} for log-gap {@code y} from state {@code h}; when {@code gradient} is true, its gradient in
     * the head's outputs is left in {@code ws.gRaw}.
     */
    private double gapLogDensity(double[] theta, double[] h, double y, Workspace ws, boolean gradient) {
        gapHead.forward(theta, h, ws.raw);
        int m = components;
        double maxA = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < m; j++) {
            maxA = Math.max(maxA, ws.raw[j]);
        }
        double sumA = 0;
        for (int j = 0; j < m; j++) {
            sumA += Math.exp(ws.raw[j] - maxA);
        }
        double logNorm = maxA + Math.log(sumA);
        double maxEll = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < m; j++) {
            double v = clampLogScale(ws.raw[2 * m + j]);
            double mu = logGapMean + logGapStd * ws.raw[m + j];
            double logSigma = Math.log(logGapStd) + v;
            double z = (y - mu) / Math.exp(logSigma);
            ws.ell[j] = ws.raw[j] - logNorm - y - logSigma - HALF_LOG_TWO_PI - 0.5 * z * z;
            maxEll = Math.max(maxEll, ws.ell[j]);
        }
        double sum = 0;
        for (int j = 0; j < m; j++) {
            sum += Math.exp(ws.ell[j] - maxEll);
        }
        double logP = maxEll + Math.log(sum);
        if (gradient) {
            for (int j = 0; j < m; j++) {
                double r = Math.exp(ws.ell[j] - logP);
                double w = Math.exp(ws.raw[j] - logNorm);
                double rawV = ws.raw[2 * m + j];
                double sigma = logGapStd * Math.exp(clampLogScale(rawV));
                double z = (y - logGapMean - logGapStd * ws.raw[m + j]) / sigma;
                ws.gRaw[j] = r - w;
                ws.gRaw[m + j] = r * z * logGapStd / sigma;
                ws.gRaw[2 * m + j] = rawV < MIN_LOG_SCALE || rawV > MAX_LOG_SCALE ? 0 : r * (z * z - 1);
            }
        }
        return logP;
    }

    private static double clampLogScale(double v) {
        return Math.min(MAX_LOG_SCALE, Math.max(MIN_LOG_SCALE, v));
    }

    /**
     * {@code log p(k)} from state {@code h} for a training type {@code k}; when {@code gradient} is true, its
     * gradient in the logits is left in {@code ws.gLogits}.
     */
    private double typeLogProbability(double[] theta, double[] h, int k, Workspace ws, boolean gradient) {
        int n = types.size();
        typeHead.forward(theta, h, ws.logits);
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, ws.logits[j]);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            sum += Math.exp(ws.logits[j] - max);
        }
        double logZ = max + Math.log(sum);
        if (gradient) {
            for (int j = 0; j < n; j++) {
                ws.gLogits[j] = (j == k ? 1 : 0) - Math.exp(ws.logits[j] - logZ);
            }
        }
        return ws.logits[k] - logZ;
    }

    /**
     * Scores event {@code i ≥ 1} of {@code s} from the state {@code h} after event {@code i − 1}: writes its time
     * part {@code log p(τ_i)} to {@code out[0]} and its type part {@code log p(k_i)} to {@code out[1]} (NaN for a
     * type not seen in training, whose type part is the caller's).
     */
    void score(Encoded s, int i, double[] h, Workspace ws, double[] out) {
        double[] theta = params.values();
        out[0] = gapLogDensity(theta, h, s.logGaps()[i], ws, false);
        int k = s.types()[i];
        out[1] = k < types.size() ? typeLogProbability(theta, h, k, ws, false) : Double.NaN;
    }

    /** Indexes of {@link #scoreSequence}'s totals. */
    static final int TIME = 0;

    static final int TYPE = 1;

    static final int EVENTS = 2;

    static final int UNSEEN = 3;

    /**
     * Runs the history of {@code s} from its first event and adds, for each event {@code i ≥ max(from, 1)}, its
     * time part to {@code totals[TIME]}, its type part to {@code totals[TYPE]} ({@code logUnseen} for a type not
     * seen in training, counted in {@code totals[UNSEEN]}) and 1 to {@code totals[EVENTS]}.
     */
    void scoreSequence(Encoded s, int from, double logUnseen, Workspace ws, double[] totals) {
        double[] h = new double[hidden];
        double[] parts = new double[2];
        for (int i = 0; i < s.size(); i++) {
            if (i >= Math.max(from, 1)) {
                score(s, i, h, ws, parts);
                boolean unseen = Double.isNaN(parts[1]);
                totals[TIME] += parts[0];
                totals[TYPE] += unseen ? logUnseen : parts[1];
                totals[EVENTS]++;
                totals[UNSEEN] += unseen ? 1 : 0;
            }
            step(s, i, h, ws);
        }
    }

    /**
     * Adds into {@code g} the gradient of the log-likelihood of events {@code [from, to)} of {@code s} (each
     * event {@code ≥ 1}: time part plus type part, unseen types' time part only) and returns that
     * log-likelihood. {@code h0} is the state after event {@code from − 1} (zeros for {@code from = 0}), taken as
     * a constant: backpropagation through time is truncated at the window's start. {@code to − from} must not
     * exceed the workspace's window.
     */
    double windowGradient(Encoded s, int from, int to, double[] h0, Workspace ws, double[] g) {
        double[] theta = params.values();
        int len = to - from;
        System.arraycopy(h0, 0, ws.states[0], 0, hidden);
        double ll = 0;
        for (int w = 0; w < len; w++) {
            int i = from + w;
            double[] h = ws.states[w];
            java.util.Arrays.fill(ws.headGrads[w], 0);
            if (i >= 1) {
                ll += gapLogDensity(theta, h, s.logGaps()[i], ws, true);
                gapHead.vjpParams(h, ws.gRaw, g);
                gapHead.vjpInput(theta, ws.gRaw, ws.headGrad);
                add(ws.headGrads[w], ws.headGrad);
                int k = s.types()[i];
                if (k < types.size()) {
                    ll += typeLogProbability(theta, h, k, ws, true);
                    typeHead.vjpParams(h, ws.gLogits, g);
                    typeHead.vjpInput(theta, ws.gLogits, ws.headGrad);
                    add(ws.headGrads[w], ws.headGrad);
                }
            }
            input(theta, s, i, ws);
            gru.forward(theta, ws.x, h, ws.cells[w], ws.states[w + 1]);
        }
        // The last state scores nothing inside the window: its cotangent starts at zero.
        java.util.Arrays.fill(ws.gh, 0);
        for (int w = len - 1; w >= 0; w--) {
            gru.vjp(theta, ws.cells[w], ws.gh, ws.gx, ws.ghPrev, g);
            int k = s.types()[from + w];
            double[] gEmbedding = ws.x;
            System.arraycopy(ws.gx, 1, gEmbedding, 0, embedding.dim());
            embedding.vjpParams(k, gEmbedding, g);
            add(ws.ghPrev, ws.headGrads[w]);
            System.arraycopy(ws.ghPrev, 0, ws.gh, 0, hidden);
        }
        return ll;
    }

    private static void add(double[] into, double[] v) {
        for (int j = 0; j < into.length; j++) {
            into[j] += v[j];
        }
    }
}
