package io.tempora.model;

import io.tempora.nn.Linear;
import io.tempora.nn.ParameterSet;

/**
 * The type distribution of the {@link TypeForm#FACTORED} form, {@code p(k | h)}, evaluated once per event from
 * the state just before it. A two-level (class-based) softmax over the {@link TypeClasses} partition, mixed with
 * a uniform floor:
 * <pre>
 *   q(k | h) = softmax_c(U h + u)[c(k)] · softmax_{j ∈ c(k)}(V h + v)[k]      U: C × D,  V: K × D
 *   p(k | h) = (1 − ε) q(k | h) + ε / K                                     ε = {@value #SMOOTHING}
 * </pre>
 * One probability reads {@code C} class rows and the rows of one class: {@code O(√K · D)}, not
 * {@code O(K · D)}, and it is exactly normalised ({@code Σ_k p = 1}), so the likelihood stays exact (no
 * sampled softmax, no bias between training and scoring).
 *
 * <h2>Rare and unseen types</h2>
 * Training pushes the logit of a type it never sees down without limit, so without the floor such a type
 * would cost tens of nats when it finally comes. The floor bounds every type's cost:
 * {@code −log p(k | h) ≤ log K − log ε} ({@code log K + 6.9} nats; 16.1 at {@code K} = 10,000), while a seen
 * type loses at most {@code −log(1 − ε)} ≈ 0.001 nats.
 *
 * <p>Gradient of {@code log p} with {@code r = (1 − ε) q / p}, {@code π} the class softmax and {@code σ} the
 * softmax within the class: {@code ∂/∂(U h + u)_j = r (δ_{j c(k)} − π_j)}, {@code ∂/∂(V h + v)_m = r (δ_{mk} − σ_m)}
 * for {@code m} in the class, the rest zero.
 *
 * <p>Holds only the layout; values come from the caller's {@code theta}. Thread-safe; the scratch lives in a
 * {@link Workspace}, one per thread.
 */
public final class TypeHead {

    /** {@code ε}: the weight of the uniform floor in {@code p(k | h)}. */
    public static final double SMOOTHING = 1e-3;

    /**
     * The pseudo-count added to every type's training count when the biases start at the frequencies
     * ({@link #startAtFrequencies}). Small (a type seen once starts ten times above one never seen) because
     * type counts are heavy-tailed: a larger one (add-one, add-half) spreads too much mass over the thousands
     * of rare types.
     */
    public static final double INITIAL_PSEUDO_COUNT = 0.1;

    private final TypeClasses classes;
    private final Linear classHead;
    private final Linear typeHead;
    private final int d;
    private final int k;
    private final double logKeep;
    private final double logFloor;

    private TypeHead(TypeClasses classes, Linear classHead, Linear typeHead, int d) {
        this.classes = classes;
        this.classHead = classHead;
        this.typeHead = typeHead;
        this.d = d;
        this.k = classes.numTypes();
        this.logKeep = Math.log1p(-SMOOTHING);
        this.logFloor = Math.log(SMOOTHING / k);
    }

    /** Registers {@code name + ".class"} ({@code C × D}) and {@code name + ".type"} ({@code K × D}) with {@code b}. */
    static TypeHead define(ParameterSet.Builder b, String name, int latentDim, TypeClasses classes) {
        Linear c = Linear.define(b, name + ".class", latentDim, classes.classCount());
        Linear t = Linear.define(b, name + ".type", latentDim, classes.numTypes());
        return new TypeHead(classes, c, t, latentDim);
    }

    /**
     * Sets the biases so that {@code q(k | h)} starts at the smoothed training frequencies
     * {@code (n_k + a) / (n + a K)}, {@code a} = {@value #INITIAL_PSEUDO_COUNT}, whatever the weights: class
     * {@code c}'s bias is {@code log Σ_{k ∈ c} (n_k + a)}, type {@code k}'s {@code log(n_k + a)}. Training
     * then only has to learn how the types depend on the state, not thousands of frequencies from zero.
     *
     * @param counts events of each type in the training data ({@code K})
     * @param theta  the parameter values to set (the model's, inside {@link ParameterSet#update})
     */
    void startAtFrequencies(long[] counts, double[] theta) {
        double[] classMass = new double[classes.classCount()];
        for (int j = 0; j < k; j++) {
            double mass = counts[j] + INITIAL_PSEUDO_COUNT;
            classMass[classes.classOf(j)] += mass;
            theta[typeHead.bias().offset() + j] = Math.log(mass);
        }
        for (int c = 0; c < classMass.length; c++) {
            theta[classHead.bias().offset() + c] = Math.log(classMass[c]);
        }
    }

    public TypeClasses classes() {
        return classes;
    }

    /** The class layer {@code U h + u}. */
    public Linear classHead() {
        return classHead;
    }

    /** The type layer {@code V h + v} (row {@code k} is type {@code k}'s). */
    public Linear typeHead() {
        return typeHead;
    }

    /** Scratch for one thread. */
    public Workspace newWorkspace() {
        return new Workspace(classes.classCount(), classes.largestClass(), d);
    }

    /** {@code log p(type | h)}. */
    public double logProbability(double[] theta, double[] h, int type, Workspace w) {
        double logQ = logQ(theta, h, type, w);
        return logMix(logQ);
    }

    /**
     * Backpropagates {@code weight · log p(type | h)}: adds its gradient with respect to {@code h} into {@code gh}
     * and with respect to the head's parameters into {@code gTheta}.
     */
    public void logProbabilityVjp(
            double[] theta, double[] h, int type, double weight, double[] gh, double[] gTheta, Workspace w) {
        double logQ = logQ(theta, h, type, w);
        double g = weight * Math.exp(logKeep + logQ - logMix(logQ));
        int c = classes.classOf(type);
        for (int j = 0; j < w.classLogits.length; j++) {
            w.classGrad[j] = -g * Math.exp(w.classLogits[j] - w.classLse);
        }
        w.classGrad[c] += g;
        classHead.vjpParams(h, w.classGrad, gTheta);
        classHead.vjpInput(theta, w.classGrad, w.hScratch);
        for (int i = 0; i < d; i++) {
            gh[i] += w.hScratch[i];
        }
        int start = classes.start(c);
        int end = classes.start(c + 1);
        int wOff = typeHead.weight().offset();
        int bOff = typeHead.bias().offset();
        for (int at = start; at < end; at++) {
            int m = classes.member(at);
            double gm = -g * Math.exp(w.memberLogits[at - start] - w.memberLse);
            if (m == type) {
                gm += g;
            }
            gTheta[bOff + m] += gm;
            int row = wOff + m * d;
            for (int i = 0; i < d; i++) {
                gTheta[row + i] += gm * h[i];
                gh[i] += gm * theta[row + i];
            }
        }
    }

    /** Every type's {@code p(k | h)} into {@code out} (length K): {@code O(K · D)}, for callers that want them all. */
    public void probabilities(double[] theta, double[] h, double[] out, Workspace w) {
        classLogits(theta, h, w);
        for (int c = 0; c < classes.classCount(); c++) {
            double logPc = w.classLogits[c] - w.classLse;
            double lse = memberLogits(theta, h, c, w);
            int start = classes.start(c);
            for (int at = start; at < classes.start(c + 1); at++) {
                out[classes.member(at)] = mix(logPc + w.memberLogits[at - start] - lse);
            }
        }
    }

    /**
     * The class logits at {@code h} into the workspace and their log-sum-exp; then
     * reads single types from them (with {@link #memberLogits} and {@link #typeLogit}). The prediction path's lazy read ({@link TypeShares}).
     */
    void classLogits(double[] theta, double[] h, Workspace w) {
        classHead.forward(theta, h, w.classLogits);
        w.classLse = logSumExp(w.classLogits, w.classLogits.length);
    }

    /** Class {@code c}'s members' logits into the workspace; returns their log-sum-exp. */
    double memberLogits(double[] theta, double[] h, int c, Workspace w) {
        int start = classes.start(c);
        int n = classes.start(c + 1) - start;
        for (int at = 0; at < n; at++) {
            w.memberLogits[at] = typeLogit(theta, h, classes.member(start + at));
        }
        w.memberLse = logSumExp(w.memberLogits, n);
        return w.memberLse;
    }

    /** {@code v_type + V_type · h}. */
    double typeLogit(double[] theta, double[] h, int type) {
        int row = typeHead.weight().offset() + type * d;
        double s = theta[typeHead.bias().offset() + type];
        for (int i = 0; i < d; i++) {
            s += theta[row + i] * h[i];
        }
        return s;
    }

    /** {@code p} from {@code log q}: the mixture with the floor. */
    double mix(double logQ) {
        return Math.exp(logMix(logQ));
    }

    private double logMix(double logQ) {
        double a = logKeep + logQ;
        return a > logFloor ? a + Math.log1p(Math.exp(logFloor - a)) : logFloor + Math.log1p(Math.exp(a - logFloor));
    }

    private double logQ(double[] theta, double[] h, int type, Workspace w) {
        classLogits(theta, h, w);
        int c = classes.classOf(type);
        double lse = memberLogits(theta, h, c, w);
        return w.classLogits[c] - w.classLse + w.memberLogits[classes.positionInClass(type)] - lse;
    }

    static double logSumExp(double[] z, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, z[j]);
        }
        double s = 0;
        for (int j = 0; j < n; j++) {
            s += Math.exp(z[j] - max);
        }
        return max + Math.log(s);
    }

    /** Per-thread scratch of a {@link TypeHead}. */
    public static final class Workspace {
        final double[] classLogits;
        final double[] classGrad;
        final double[] memberLogits;
        final double[] hScratch;
        double classLse;
        double memberLse;

        Workspace(int classCount, int largestClass, int d) {
            classLogits = new double[classCount];
            classGrad = new double[classCount];
            memberLogits = new double[largestClass];
            hScratch = new double[d];
        }
    }
}
