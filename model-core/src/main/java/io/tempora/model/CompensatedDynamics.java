package io.tempora.model;

import io.tempora.adjoint.DifferentiableField;
import io.tempora.nn.Sigmoid;
import io.tempora.nn.Softplus;

/**
 * The ODE of one segment between events, on the state {@code y = [h, Λ]} of dimension {@code D + 1}:
 * <pre>
 *   dh/dt = f_θ(h)                    ({@link LatentDynamics}: MLP with a leak)
 *   dΛ/dt = Σ_k softplus(w_k · h + b_k)
 * </pre>
 * so solving from {@code [h(t_{i−1}⁺), 0]} over the gap gives {@code h(t_i⁻)} and the compensator
 * {@code Λ = ∫ λ dt} exactly up to the solver's tolerance (no sampling, no grid). Time is in model
 * units; the field is autonomous. Its parameters are the model's first
 * {@link EventModel#fieldParameterCount()} values (dynamics, leak, intensity head), so {@code dtheta}
 * may be the model's whole gradient vector.
 *
 * <p>Vector–Jacobian product with cotangent {@code [a_h, a_Λ]} and {@code z = W h + b}:
 * <pre>
 *   dy_h  = a_hᵀ ∂f/∂h + a_Λ Σ_k sigmoid(z_k) w_k,     dy_Λ = 0
 *   dθ_f += a_hᵀ ∂f/∂θ_f,   dw_k += a_Λ sigmoid(z_k) h,   db_k += a_Λ sigmoid(z_k)
 * </pre>
 * Allocates nothing per call; not thread-safe (one per solver thread).
 */
public final class CompensatedDynamics implements DifferentiableField {

    private final EventModel model;
    private final LatentDynamics dynamics;
    private final int d;
    private final int k;
    private final double[] h;
    private final double[] ah;
    private final double[] f;
    private final double[] gh;
    private final double[] z;

    public CompensatedDynamics(EventModel model) {
        this.model = model;
        this.dynamics = new LatentDynamics(model);
        this.d = model.architecture().latentDim();
        this.k = model.architecture().intensityRows();
        this.h = new double[d];
        this.ah = new double[d];
        this.f = new double[d];
        this.gh = new double[d];
        this.z = new double[k];
    }

    /** The state dimension {@code D + 1}. */
    public int dimension() {
        return d + 1;
    }

    @Override
    public int parameterCount() {
        return model.fieldParameterCount();
    }

    @Override
    public void evaluate(double t, double[] y, double[] dydt) {
        double[] theta = model.parameters().values();
        System.arraycopy(y, 0, h, 0, d);
        dynamics.evaluate(theta, h, f);
        model.intensity().forward(theta, h, z);
        double total = 0;
        for (int j = 0; j < k; j++) {
            total += Softplus.softplus(z[j]);
        }
        System.arraycopy(f, 0, dydt, 0, d);
        dydt[d] = total;
    }

    @Override
    public void vjp(double t, double[] y, double[] a, double[] dy, double[] dtheta) {
        evaluateAndVjp(t, y, a, f, dy, dtheta);
    }

    @Override
    public void evaluateAndVjp(double t, double[] y, double[] a, double[] dydt, double[] dy, double[] dtheta) {
        double[] theta = model.parameters().values();
        System.arraycopy(y, 0, h, 0, d);
        System.arraycopy(a, 0, ah, 0, d);
        double aLambda = a[d];
        dynamics.evaluate(theta, h, f);
        model.intensity().forward(theta, h, z);
        double total = 0;
        for (int j = 0; j < k; j++) {
            total += Softplus.softplus(z[j]);
        }
        dynamics.vjp(theta, h, ah, gh, dtheta);
        if (aLambda != 0) {
            int w = model.intensity().weight().offset();
            int b = model.intensity().bias().offset();
            for (int j = 0; j < k; j++) {
                double s = aLambda * Sigmoid.sigmoid(z[j]);
                dtheta[b + j] += s;
                int row = w + j * d;
                for (int i = 0; i < d; i++) {
                    dtheta[row + i] += s * h[i];
                    gh[i] += s * theta[row + i];
                }
            }
        }
        if (dydt != f) {
            System.arraycopy(f, 0, dydt, 0, d);
            dydt[d] = total;
        }
        System.arraycopy(gh, 0, dy, 0, d);
        dy[d] = 0;
    }
}
