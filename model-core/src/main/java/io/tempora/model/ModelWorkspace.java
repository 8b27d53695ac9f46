package io.tempora.model;

import io.tempora.nn.GruCell;
import io.tempora.nn.Linear;
import io.tempora.nn.Sigmoid;
import io.tempora.nn.Softplus;

/**
 * Per-thread buffers and the event-time operations of an {@link EventModel} on the plain
 * {@code double[]} path: the intensity head, the feature head and the jump, each with its
 * vector–Jacobian product for training. Everything is in model units and standardised features.
 * Allocates nothing per call; not thread-safe.
 */
public final class ModelWorkspace {

    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private final EventModel model;
    private final int d;
    private final int k;
    private final int f;
    private final int e;
    private final double[] z;
    private final double[] lambda;
    private final double[] gz;
    private final double[] headOut;
    private final double[] gHead;
    private final double[] jumpInput;
    private final double[] gJumpInput;
    private final double[] emb;
    private final double[] ghScratch;
    private final GruCell.Workspace gru;
    /** The factored form's type head and its scratch, or null per-type. */
    private final TypeHead typeHead;

    private final TypeHead.Workspace typeScratch;

    ModelWorkspace(EventModel model) {
        this.model = model;
        ModelArchitecture a = model.architecture();
        d = a.latentDim();
        k = a.numTypes();
        f = a.numFeatures();
        e = a.embeddingDim();
        z = new double[a.intensityRows()];
        lambda = new double[k];
        gz = new double[k];
        headOut = new double[Math.max(1, 2 * f)];
        gHead = new double[Math.max(1, 2 * f)];
        jumpInput = new double[a.jumpInputDim()];
        gJumpInput = new double[a.jumpInputDim()];
        emb = new double[e];
        ghScratch = new double[d];
        gru = model.jump().newWorkspace();
        typeHead = model.typeHead();
        typeScratch = typeHead == null ? null : typeHead.newWorkspace();
    }

    public EventModel model() {
        return model;
    }

    /** {@code log softplus(z)}, accurate where softplus underflows. */
    public static double logSoftplus(double z) {
        return z < -30 ? z : Math.log(Softplus.softplus(z));
    }

    /** {@code d log softplus(z) / dz = sigmoid(z) / softplus(z)}. */
    public static double dLogSoftplus(double z) {
        return z < -30 ? 1.0 : Sigmoid.sigmoid(z) / Softplus.softplus(z);
    }

    /**
     * Writes {@code λ_k = softplus(w_k · h + b_k)} (model units) into {@code out} (length K) and
     * returns their sum; factored, {@code λ_k = λ · p(k | h)} for every type ({@code O(K · D)}).
     */
    public double intensities(double[] h, double[] out) {
        Linear head = model.intensity();
        head.forward(model.parameters().values(), h, z);
        if (typeHead != null) {
            double total = Softplus.softplus(z[0]);
            typeHead.probabilities(model.parameters().values(), h, out, typeScratch);
            for (int j = 0; j < k; j++) {
                out[j] *= total;
            }
            return total;
        }
        double sum = 0;
        for (int j = 0; j < k; j++) {
            out[j] = Softplus.softplus(z[j]);
            sum += out[j];
        }
        return sum;
    }

    /** The total intensity {@code λ(h)} (model units), without the per-type figures. */
    public double totalIntensity(double[] h) {
        model.intensity().forward(model.parameters().values(), h, z);
        double sum = 0;
        for (double zj : z) {
            sum += Softplus.softplus(zj);
        }
        return sum;
    }

    /** {@code log λ_type(h)} in model units; factored, {@code log λ(h) + log p(type | h)}. */
    public double logIntensity(double[] h, int type) {
        Linear head = model.intensity();
        double[] theta = model.parameters().values();
        int row = typeHead == null ? type : 0;
        int w = head.weight().offset() + row * d;
        double s = theta[head.bias().offset() + row];
        for (int i = 0; i < d; i++) {
            s += theta[w + i] * h[i];
        }
        double logType = typeHead == null ? 0 : typeHead.logProbability(theta, h, type, typeScratch);
        return logSoftplus(s) + logType;
    }

    /**
     * Backpropagates {@code weight · log λ_type(h)}: adds its gradient with respect to {@code h} into
     * {@code gh} and with respect to the head's parameters into {@code gTheta}.
     */
    public void logIntensityVjp(double[] h, int type, double weight, double[] gh, double[] gTheta) {
        Linear head = model.intensity();
        double[] theta = model.parameters().values();
        int row = typeHead == null ? type : 0;
        int w = head.weight().offset() + row * d;
        double s = theta[head.bias().offset() + row];
        for (int i = 0; i < d; i++) {
            s += theta[w + i] * h[i];
        }
        if (typeHead != null) {
            typeHead.logProbabilityVjp(theta, h, type, weight, gh, gTheta, typeScratch);
        }
        double g = weight * dLogSoftplus(s);
        gTheta[head.bias().offset() + row] += g;
        for (int i = 0; i < d; i++) {
            gTheta[w + i] += g * h[i];
            gh[i] += g * theta[w + i];
        }
    }

    /**
     * The Gaussian log-density of standardised features {@code x} given {@code h} (0 without
     * features), in standardised units.
     */
    public double featureLogDensity(double[] h, double[] x) {
        if (f == 0) {
            return 0;
        }
        model.featureHead().forward(model.parameters().values(), h, headOut);
        double s = 0;
        for (int j = 0; j < f; j++) {
            double logSd = headOut[f + j];
            double u = (x[j] - headOut[j]) * Math.exp(-logSd);
            s += -0.5 * u * u - logSd - HALF_LOG_TWO_PI;
        }
        return s;
    }

    /** The feature head's mean at {@code h} (standardised units) into {@code out} (length F). */
    public void featureMean(double[] h, double[] out) {
        if (f == 0) {
            return;
        }
        model.featureHead().forward(model.parameters().values(), h, headOut);
        System.arraycopy(headOut, 0, out, 0, f);
    }

    /** Backpropagates {@code weight · featureLogDensity(h, x)} into {@code gh} and {@code gTheta}. */
    public void featureLogDensityVjp(double[] h, double[] x, double weight, double[] gh, double[] gTheta) {
        if (f == 0) {
            return;
        }
        Linear head = model.featureHead();
        double[] theta = model.parameters().values();
        head.forward(theta, h, headOut);
        for (int j = 0; j < f; j++) {
            double logSd = headOut[f + j];
            double inv = Math.exp(-logSd);
            double u = (x[j] - headOut[j]) * inv;
            gHead[j] = weight * u * inv;
            gHead[f + j] = weight * (u * u - 1);
        }
        head.vjpParams(h, gHead, gTheta);
        head.vjpInput(theta, gHead, ghScratch);
        for (int i = 0; i < d; i++) {
            gh[i] += ghScratch[i];
        }
    }

    /**
     * The jump {@code hPlus = GRU([embed(type), log(gap + ε), x], hMinus)}; {@code hPlus} may alias
     * {@code hMinus}. Keeps what {@link #jumpVjp} needs (for this call only).
     *
     * @param gap time since the entity's previous event, model units, {@code >= 0}
     * @param x   standardised features (ignored without features; may then be null)
     */
    public void jump(double[] hMinus, int type, double gap, double[] x, double[] hPlus) {
        double[] theta = model.parameters().values();
        model.embedding().forward(theta, type, emb);
        System.arraycopy(emb, 0, jumpInput, 0, e);
        jumpInput[e] = Math.log(gap + EventModel.LOG_GAP_EPSILON);
        if (f > 0) {
            System.arraycopy(x, 0, jumpInput, e + 1, f);
        }
        model.jump().forward(theta, jumpInput, hMinus, gru, hPlus);
    }

    /**
     * VJP of the last {@link #jump} call with cotangent {@code gOut} of {@code hPlus}: writes the
     * cotangent of {@code hMinus} into {@code gh} and adds parameter gradients (GRU and embedding)
     * into {@code gTheta}. {@code gh} must not alias {@code gOut}.
     */
    public void jumpVjp(int type, double[] gOut, double[] gh, double[] gTheta) {
        double[] theta = model.parameters().values();
        model.jump().vjp(theta, gru, gOut, gJumpInput, gh, gTheta);
        for (int j = 0; j < e; j++) {
            emb[j] = gJumpInput[j];
        }
        model.embedding().vjpParams(type, emb, gTheta);
    }
}
