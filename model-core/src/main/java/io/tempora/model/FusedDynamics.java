package io.tempora.model;

import io.tempora.nn.Activation;
import io.tempora.nn.FieldKernel;
import io.tempora.nn.Linear;
import io.tempora.nn.Mlp;
import io.tempora.nn.ParameterSet;
import io.tempora.nn.Softplus;

/**
 * The streaming path's evaluation of the latent dynamics and the intensities at one state,
 * {@code f_θ(h) = W₂ tanh(W₁ h + b₁) + b₂ − γ ⊙ h} ({@link LatentDynamics}, {@code γ = softplus(c)}) and
 * {@code λ_k = softplus(w_k · h + b_k)}, in one pass over the parameters.
 *
 * <p>Why: one {@link FieldKernel} call (the Vector API kernel when the JVM has
 * {@code jdk.incubator.vector}; see there for why it is one method), with no per-layer copies, list
 * look-ups or interface dispatch. With the scalar kernel the results are bit-identical to
 * {@link LatentDynamics} and {@link CompensatedDynamics}; the vector kernel's multiply-adds round
 * differently, within a few ulps (tested). The kernel's packed weights and the leak rates {@code γ}
 * (16 softplus per evaluation otherwise) are refreshed when {@link ParameterSet#version()} moves, so it
 * follows a trainer's updates (every write through the {@link ParameterSet} API moves it). Allocates nothing; not
 * thread-safe.
 */
final class FusedDynamics {

    private final EventModel model;
    private final int d;
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
    private final FieldKernel field;

    FusedDynamics(EventModel model) {
        Mlp mlp = model.dynamics();
        if (mlp.layers().size() != 2
                || mlp.spec().activation(0) != Activation.TANH
                || mlp.spec().activation(1) != Activation.IDENTITY) {
            throw new IllegalArgumentException(
                    "the streaming kernel expects dynamics D → H (tanh) → D (linear), got " + mlp.spec());
        }
        this.model = model;
        this.d = model.architecture().latentDim();
        this.k = model.architecture().intensityRows();
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
        this.field = FieldKernel.create(d, model.architecture().hiddenDim(), k);
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
            field.pack(theta, w1, b1, w2, b2, wl, bl, gamma);
            gammaVersion = params.version();
        }
        field.evaluate(y, dhdt, lambda);
        double total = 0;
        for (int j = 0; j < k; j++) {
            total += lambda[j];
        }
        return total;
    }
}
