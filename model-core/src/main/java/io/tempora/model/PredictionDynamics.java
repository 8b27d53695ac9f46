package io.tempora.model;

import io.tempora.nn.Softplus;
import io.tempora.ode.VectorField;

/**
 * The augmented forward ODE of one prediction, so that every predicted quantity is a component of
 * one solve (design.md, "each an extra component of one forward solve"). State, of dimension
 * {@code D + 2 + 2K}:
 * <pre>
 *   [0, D)              h         dh/ds   = f_θ(h)
 *   D                   Λ         dΛ/ds   = Σ_k λ_k(h)
 *   D+1 … D+K           Λ_k       dΛ_k/ds = λ_k(h)
 *   D+1+K               ∫S        d/ds    = exp(−Λ)
 *   D+2+K … D+1+2K      ∫λ_k S    d/ds    = λ_k(h) exp(−Λ)
 * </pre>
 * starting from {@code [h(t), 0, …, 0]}. Model time units; allocates nothing; not thread-safe.
 */
final class PredictionDynamics implements VectorField {

    private final EventModel model;
    private final LatentDynamics dynamics;
    private final int d;
    private final int k;
    private final double[] h;
    private final double[] f;
    private final double[] z;

    PredictionDynamics(EventModel model) {
        this.model = model;
        this.dynamics = new LatentDynamics(model);
        this.d = model.architecture().latentDim();
        this.k = model.architecture().numTypes();
        this.h = new double[d];
        this.f = new double[d];
        this.z = new double[k];
    }

    int dimension() {
        return d + 2 + 2 * k;
    }

    int compensator() {
        return d;
    }

    int typeCompensator(int type) {
        return d + 1 + type;
    }

    int survivalIntegral() {
        return d + 1 + k;
    }

    int typeDensityIntegral(int type) {
        return d + 2 + k + type;
    }

    @Override
    public void evaluate(double t, double[] y, double[] dydt) {
        double[] theta = model.parameters().values();
        System.arraycopy(y, 0, h, 0, d);
        dynamics.evaluate(theta, h, f);
        model.intensity().forward(theta, h, z);
        System.arraycopy(f, 0, dydt, 0, d);
        double survival = Math.exp(-y[d]);
        double total = 0;
        for (int j = 0; j < k; j++) {
            double lambda = Softplus.softplus(z[j]);
            total += lambda;
            dydt[d + 1 + j] = lambda;
            dydt[d + 2 + k + j] = lambda * survival;
        }
        dydt[d] = total;
        dydt[d + 1 + k] = survival;
    }
}
