package io.tempora.model;

import io.tempora.nn.Activation;
import io.tempora.nn.Linear;
import io.tempora.nn.Mlp;
import io.tempora.nn.ParameterSet;
import io.tempora.nn.Softplus;
import io.tempora.nn.Tanh;

/**
 * The streaming path's evaluation of the latent dynamics and the intensities at one state,
 * {@code f_θ(h) = W₂ tanh(W₁ h + b₁) + b₂} and {@code λ_k = softplus(w_k · h + b_k)}, with the two
 * MLP layers' weights kept transposed (column by column) in private arrays.
 *
 * <p>Why: {@link Linear#forward} computes each output as one dot product, a chain of dependent
 * additions that runs at the latency of an add per element. Transposed, a layer is
 * {@code y += W[:, i] · x_i} for each input {@code i}: independent elements that the JIT
 * vectorises. Every output is still {@code b_o + W_o0 x_0 + W_o1 x_1 + …} summed left to right,
 * so the results are bit-identical to {@link Mlp#forward} and the solve does not change.
 *
 * <p>The packed copy follows the live parameters: {@link #sync()} repacks when
 * {@link ParameterSet#version()} has moved (a trainer's update must call
 * {@link ParameterSet#markModified()}, as {@code Adam} does). Allocates nothing after construction;
 * not thread-safe.
 */
final class FusedDynamics {

    private final EventModel model;
    private final ParameterSet params;
    private final int d;
    private final int hidden;
    private final int k;
    private final double[] w1t;
    private final double[] b1;
    private final double[] w2t;
    private final double[] b2;
    private final double[] a;
    private final double[] out;
    private final double[] z;
    private long packedVersion = Long.MIN_VALUE;

    FusedDynamics(EventModel model) {
        Mlp mlp = model.dynamics();
        if (mlp.layers().size() != 2 || mlp.spec().activation(0) != Activation.TANH
                || mlp.spec().activation(1) != Activation.IDENTITY) {
            throw new IllegalArgumentException("the streaming kernel expects dynamics D → H (tanh) → D (linear), got "
                    + mlp.spec());
        }
        this.model = model;
        this.params = model.parameters();
        this.d = model.architecture().latentDim();
        this.hidden = model.architecture().hiddenDim();
        this.k = model.architecture().numTypes();
        this.w1t = new double[d * hidden];
        this.b1 = new double[hidden];
        this.w2t = new double[hidden * d];
        this.b2 = new double[d];
        this.a = new double[hidden];
        this.out = new double[d];
        this.z = new double[k];
        sync();
    }

    /** Repacks the weights if the parameters changed since the last call. Cheap otherwise. */
    void sync() {
        long v = params.version();
        if (v == packedVersion) {
            return;
        }
        double[] theta = params.values();
        Linear l1 = model.dynamics().layers().get(0);
        Linear l2 = model.dynamics().layers().get(1);
        transpose(theta, l1.weight().offset(), hidden, d, w1t);
        transpose(theta, l2.weight().offset(), d, hidden, w2t);
        System.arraycopy(theta, l1.bias().offset(), b1, 0, hidden);
        System.arraycopy(theta, l2.bias().offset(), b2, 0, d);
        packedVersion = v;
    }

    /** {@code dst[i * rows + o] = W[o][i]} for the row-major {@code rows × cols} matrix at {@code offset}. */
    private static void transpose(double[] theta, int offset, int rows, int cols, double[] dst) {
        for (int o = 0; o < rows; o++) {
            for (int i = 0; i < cols; i++) {
                dst[i * rows + o] = theta[offset + o * cols + i];
            }
        }
    }

    /**
     * Writes {@code f_θ(h)} into {@code dhdt[0, D)} and {@code λ_k(h)} (model units) into
     * {@code lambda[0, K)}; returns {@code Σ_k λ_k}. Reads {@code y[0, D)} only.
     */
    double evaluate(double[] y, double[] dhdt, double[] lambda) {
        final int n = hidden;
        final double[] acc = a;
        System.arraycopy(b1, 0, acc, 0, n);
        for (int i = 0; i < d; i++) {
            double yi = y[i];
            int base = i * n;
            for (int o = 0; o < n; o++) {
                acc[o] += w1t[base + o] * yi;
            }
        }
        for (int o = 0; o < n; o++) {
            acc[o] = Tanh.tanh(acc[o]);
        }
        final double[] f = out;
        System.arraycopy(b2, 0, f, 0, d);
        for (int j = 0; j < n; j++) {
            double aj = acc[j];
            int base = j * d;
            for (int o = 0; o < d; o++) {
                f[o] += w2t[base + o] * aj;
            }
        }
        model.intensity().forward(params.values(), y, z);
        System.arraycopy(f, 0, dhdt, 0, d);
        double total = 0;
        for (int j = 0; j < k; j++) {
            double l = Softplus.softplus(z[j]);
            lambda[j] = l;
            total += l;
        }
        return total;
    }
}
