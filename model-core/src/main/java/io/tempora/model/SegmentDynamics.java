package io.tempora.model;

import io.tempora.ode.VectorField;

/**
 * The streaming path's segment ODE on {@code [h, Λ]}: the same field as {@link CompensatedDynamics}
 * ({@code dh/dt = f_θ(h)}, {@code dΛ/dt = Σ_k λ_k(h)}, bit for bit) evaluated through
 * {@link FusedDynamics}, without the vector–Jacobian product the trainer needs. Allocates nothing;
 * not thread-safe.
 */
final class SegmentDynamics implements VectorField {

    private final FusedDynamics kernel;
    private final int d;
    private final double[] lambda;

    SegmentDynamics(FusedDynamics kernel, int latentDim, int numTypes) {
        this.kernel = kernel;
        this.d = latentDim;
        this.lambda = new double[numTypes];
    }

    int dimension() {
        return d + 1;
    }

    @Override
    public void evaluate(double t, double[] y, double[] dydt) {
        dydt[d] = kernel.evaluate(y, dydt, lambda);
    }
}
