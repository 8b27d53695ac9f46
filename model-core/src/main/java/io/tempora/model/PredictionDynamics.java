package io.tempora.model;

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
 * starting from {@code [h(t), 0, …, 0]}, evaluated through {@link FusedDynamics}. Model time units;
 * allocates nothing; not thread-safe.
 */
final class PredictionDynamics implements VectorField {

    private final FusedDynamics kernel;
    private final int d;
    private final int k;
    private final double[] lambda;

    PredictionDynamics(FusedDynamics kernel, int latentDim, int numTypes) {
        this.kernel = kernel;
        this.d = latentDim;
        this.k = numTypes;
        this.lambda = new double[numTypes];
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
        double total = kernel.evaluate(y, dydt, lambda);
        double survival = Math.exp(-y[d]);
        for (int j = 0; j < k; j++) {
            dydt[d + 1 + j] = lambda[j];
            dydt[d + 2 + k + j] = lambda[j] * survival;
        }
        dydt[d] = total;
        dydt[d + 1 + k] = survival;
    }
}
