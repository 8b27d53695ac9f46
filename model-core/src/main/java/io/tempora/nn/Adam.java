package io.tempora.nn;

/**
 * Adam (Kingma &amp; Ba 2015, Algorithm 1) with optional decoupled weight decay (AdamW, Loshchilov
 * &amp; Hutter 2019, Algorithm 2) over the flat vector of a {@link ParameterSet}. Step {@code t}
 * (starting at 1), with gradient {@code g}:
 * <pre>
 *   m     = beta1 m + (1 - beta1) g
 *   v     = beta2 v + (1 - beta2) g^2
 *   m_hat = m / (1 - beta1^t),   v_hat = v / (1 - beta2^t)
 *   theta = theta - alpha (m_hat / (sqrt(v_hat) + epsilon) + lambda theta)
 * </pre>
 * The decay term uses {@code theta} before the step and is not scaled by the moments (that is what
 * "decoupled" means; adding {@code lambda theta} to {@code g} instead would be L2 regularisation).
 * This is the update of PyTorch's {@code AdamW}. Each step moves the parameter set's version, so
 * caches of the parameters rebuild before their next use. Clip the gradient first with
 * {@link Gradient#clipNorm(double)} if wanted. Allocates nothing per step; not thread-safe.
 */
public final class Adam {

    private final ParameterSet params;
    private AdamConfig config;
    private final double[] m;
    private final double[] v;
    private long t;

    public Adam(ParameterSet params, AdamConfig config) {
        this.params = params;
        this.config = config;
        this.m = new double[params.size()];
        this.v = new double[params.size()];
    }

    public AdamConfig config() {
        return config;
    }

    /** Replaces the hyper-parameters (e.g. for a learning-rate schedule); the moments are kept. */
    public void config(AdamConfig newConfig) {
        this.config = newConfig;
    }

    /** Number of steps taken. */
    public long steps() {
        return t;
    }

    /** One update of the parameters from {@code gradient} (which must have their layout). */
    public void step(Gradient gradient) {
        if (gradient.layout() != params && !gradient.layout().sameLayout(params)) {
            throw new IllegalArgumentException("gradient layout differs from the optimised parameter set");
        }
        double[] g = gradient.values();
        for (double x : g) {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException(
                        "gradient has a non-finite component (" + x
                                + "); refusing to corrupt the parameters. Lower the learning rate, clip the gradient, or check the loss");
            }
        }
        t++;
        double b1 = config.beta1();
        double b2 = config.beta2();
        double alpha = config.learningRate();
        double eps = config.epsilon();
        double decay = config.weightDecay();
        double c1 = 1.0 - Math.pow(b1, t);
        double c2 = 1.0 - Math.pow(b2, t);
        double[] theta = params.values();
        for (int i = 0; i < theta.length; i++) {
            double gi = g[i];
            m[i] = b1 * m[i] + (1.0 - b1) * gi;
            v[i] = b2 * v[i] + (1.0 - b2) * gi * gi;
            double mHat = m[i] / c1;
            double vHat = v[i] / c2;
            theta[i] -= alpha * (mHat / (Math.sqrt(vHat) + eps) + decay * theta[i]);
        }
        params.markModified();
    }

    /** Forgets the moments and the step count. */
    public void reset() {
        java.util.Arrays.fill(m, 0.0);
        java.util.Arrays.fill(v, 0.0);
        t = 0;
    }
}
