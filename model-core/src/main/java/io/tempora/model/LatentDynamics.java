package io.tempora.model;

import io.tempora.nn.Mlp;
import io.tempora.nn.Sigmoid;
import io.tempora.nn.Softplus;

/**
 * The latent vector field with a learned leak, on the plain path:
 * <pre>
 *   f_θ(h) = MLP(h) − γ ⊙ h,     γ_j = softplus(c_j) &gt; 0
 * </pre>
 * The MLP ({@code D → H → D}, tanh, linear output) is bounded, so the leak keeps {@code h} in a
 * bounded set over gaps of any length: {@code |h_j| ≤ max(|h_j(0)|, sup|MLP_j| / γ_j)}, as in a
 * continuous-time RNN (Funahashi &amp; Nakamura 1993). Without it the tanh layer saturates and a
 * constant drift carries {@code h}, and with it the intensity, away without bound over long
 * histories. Vector–Jacobian product with cotangent {@code a}:
 * <pre>
 *   gh = aᵀ ∂MLP/∂h − γ ⊙ a,    dθ_MLP += aᵀ ∂MLP/∂θ,    dc_j += −a_j h_j sigmoid(c_j)
 * </pre>
 * Per-thread buffers; allocates nothing per call.
 */
final class LatentDynamics {

    private final EventModel model;
    private final Mlp mlp;
    private final Mlp.Workspace ws;
    private final int d;
    private final int leak;

    LatentDynamics(EventModel model) {
        this.model = model;
        this.mlp = model.dynamics();
        this.ws = mlp.newWorkspace();
        this.d = model.architecture().latentDim();
        this.leak = model.leak().offset();
    }

    /** {@code out = f(h)}; caches the MLP activations for {@link #vjp}. {@code out} must not alias {@code h}. */
    void evaluate(double[] theta, double[] h, double[] out) {
        mlp.forward(theta, h, ws, out);
        for (int j = 0; j < d; j++) {
            out[j] -= Softplus.softplus(theta[leak + j]) * h[j];
        }
    }

    /** At the last {@link #evaluate} point {@code h}: writes {@code gh = aᵀ ∂f/∂h}, adds {@code aᵀ ∂f/∂θ}. */
    void vjp(double[] theta, double[] h, double[] a, double[] gh, double[] dtheta) {
        mlp.vjp(theta, ws, a, gh, dtheta);
        for (int j = 0; j < d; j++) {
            double c = theta[leak + j];
            gh[j] -= Softplus.softplus(c) * a[j];
            dtheta[leak + j] -= a[j] * h[j] * Sigmoid.sigmoid(c);
        }
    }
}
