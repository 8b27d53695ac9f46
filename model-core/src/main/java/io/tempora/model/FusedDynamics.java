package io.tempora.model;

import io.tempora.nn.Activation;
import io.tempora.nn.Linear;
import io.tempora.nn.Mlp;
import io.tempora.nn.ParameterSet;
import io.tempora.nn.Softplus;
import io.tempora.nn.Tanh;

/**
 * The streaming path's evaluation of the latent dynamics and the intensities at one state,
 * {@code f_θ(h) = W₂ tanh(W₁ h + b₁) + b₂ − γ ⊙ h} ({@link LatentDynamics}, {@code γ = softplus(c)}) and
 * {@code λ_k = softplus(w_k · h + b_k)}, in one pass over the live parameters.
 *
 * <p>Why: each output of a layer is a dot product, a chain of dependent additions (Java does not
 * reassociate floating point) that runs at the latency of an add per element. Here eight rows are
 * summed together, eight independent chains that keep the floating-point units busy (and the K rows
 * of the intensity head together, where one row at a time cost 8% of a prediction), with no
 * per-layer copies, list look-ups or interface calls. (A column-by-column form was tried: the JIT's
 * vectoriser left it twice as slow for these short rows.) Every output is still
 * {@code b_o + W_o0 x_0 + W_o1 x_1 + …} summed left to right, so the results are bit-identical to
 * {@link LatentDynamics} and {@link CompensatedDynamics}. The leak rates {@code γ} are kept computed
 * (16 softplus per evaluation otherwise) and recomputed when {@link ParameterSet#version()} moves.
 *
 * <p>Reads the parameters at every call, so it follows a trainer's updates (which mark them modified,
 * as {@code Adam} does). Allocates nothing; not thread-safe.
 */
final class FusedDynamics {

    private final EventModel model;
    private final int d;
    private final int hidden;
    private final int k;
    private final int w1;
    private final int b1;
    private final int w2;
    private final int b2;
    private final int wl;
    private final int bl;
    private final int leak;
    private final double[] gamma;
    private long gammaVersion = Long.MIN_VALUE;
    private final double[] a;
    private final double[] z;

    FusedDynamics(EventModel model) {
        Mlp mlp = model.dynamics();
        if (mlp.layers().size() != 2 || mlp.spec().activation(0) != Activation.TANH
                || mlp.spec().activation(1) != Activation.IDENTITY) {
            throw new IllegalArgumentException("the streaming kernel expects dynamics D → H (tanh) → D (linear), got "
                    + mlp.spec());
        }
        this.model = model;
        this.d = model.architecture().latentDim();
        this.hidden = model.architecture().hiddenDim();
        this.k = model.architecture().numTypes();
        Linear l1 = mlp.layers().get(0);
        Linear l2 = mlp.layers().get(1);
        this.w1 = l1.weight().offset();
        this.b1 = l1.bias().offset();
        this.w2 = l2.weight().offset();
        this.b2 = l2.bias().offset();
        this.wl = model.intensity().weight().offset();
        this.bl = model.intensity().bias().offset();
        this.leak = model.leak().offset();
        this.gamma = new double[d];
        this.a = new double[hidden];
        this.z = new double[k];
    }

    /**
     * Writes {@code f_θ(h)} into {@code dhdt[0, D)} and {@code λ_k(h)} (model units) into
     * {@code lambda[0, K)}; returns {@code Σ_k λ_k}. Reads {@code y[0, D)} only; {@code dhdt} must not
     * be {@code y}.
     */
    double evaluate(double[] y, double[] dhdt, double[] lambda) {
        ParameterSet params = model.parameters();
        double[] theta = params.values();
        if (params.version() != gammaVersion) {
            for (int j = 0; j < d; j++) {
                gamma[j] = Softplus.softplus(theta[leak + j]);
            }
            gammaVersion = params.version();
        }
        layer(theta, w1, b1, d, hidden, y, a);
        for (int o = 0; o < hidden; o++) {
            a[o] = Tanh.tanh(a[o]);
        }
        layer(theta, w2, b2, hidden, d, a, dhdt);
        for (int j = 0; j < d; j++) {
            dhdt[j] -= gamma[j] * y[j];
        }
        layer(theta, wl, bl, d, k, y, z);
        double total = 0;
        for (int j = 0; j < k; j++) {
            double l = Softplus.softplus(z[j]);
            lambda[j] = l;
            total += l;
        }
        return total;
    }

    /** {@code out[o] = b[o] + Σ_i W[o][i] x[i]}, eight rows at a time, then up to four together. */
    private static void layer(double[] theta, int w, int b, int in, int rows, double[] x, double[] out) {
        int o = 0;
        for (; o + 7 < rows; o += 8) {
            double s0 = theta[b + o];
            double s1 = theta[b + o + 1];
            double s2 = theta[b + o + 2];
            double s3 = theta[b + o + 3];
            double s4 = theta[b + o + 4];
            double s5 = theta[b + o + 5];
            double s6 = theta[b + o + 6];
            double s7 = theta[b + o + 7];
            int r0 = w + o * in;
            int r1 = r0 + in;
            int r2 = r1 + in;
            int r3 = r2 + in;
            int r4 = r3 + in;
            int r5 = r4 + in;
            int r6 = r5 + in;
            int r7 = r6 + in;
            for (int i = 0; i < in; i++) {
                double xi = x[i];
                s0 += theta[r0 + i] * xi;
                s1 += theta[r1 + i] * xi;
                s2 += theta[r2 + i] * xi;
                s3 += theta[r3 + i] * xi;
                s4 += theta[r4 + i] * xi;
                s5 += theta[r5 + i] * xi;
                s6 += theta[r6 + i] * xi;
                s7 += theta[r7 + i] * xi;
            }
            out[o] = s0;
            out[o + 1] = s1;
            out[o + 2] = s2;
            out[o + 3] = s3;
            out[o + 4] = s4;
            out[o + 5] = s5;
            out[o + 6] = s6;
            out[o + 7] = s7;
        }
        // The rest (the whole intensity head, K = 3 rows): all of them in one pass, up to four chains.
        while (o < rows) {
            int m = Math.min(4, rows - o);
            double s0 = theta[b + o];
            double s1 = m > 1 ? theta[b + o + 1] : 0;
            double s2 = m > 2 ? theta[b + o + 2] : 0;
            double s3 = m > 3 ? theta[b + o + 3] : 0;
            int r0 = w + o * in;
            // Rows past m read row 0 again (always in range) and are discarded.
            int r1 = m > 1 ? r0 + in : r0;
            int r2 = m > 2 ? r0 + 2 * in : r0;
            int r3 = m > 3 ? r0 + 3 * in : r0;
            for (int i = 0; i < in; i++) {
                double xi = x[i];
                s0 += theta[r0 + i] * xi;
                s1 += theta[r1 + i] * xi;
                s2 += theta[r2 + i] * xi;
                s3 += theta[r3 + i] * xi;
            }
            out[o] = s0;
            if (m > 1) {
                out[o + 1] = s1;
            }
            if (m > 2) {
                out[o + 2] = s2;
            }
            if (m > 3) {
                out[o + 3] = s3;
            }
            o += m;
        }
    }
}
