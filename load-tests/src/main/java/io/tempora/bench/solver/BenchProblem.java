package io.tempora.bench.solver;

import io.tempora.ode.VectorField;

/**
 * One initial value problem of the solver benchmark.
 *
 * @param name  the name in the report
 * @param field the vector field
 * @param t0    start time
 * @param t1    end time
 * @param y0    initial state
 */
public record BenchProblem(String name, VectorField field, double t0, double t1, double[] y0) {

    /** Van der Pol with μ = 1 from (2, 0) on [0, 10]. */
    public static BenchProblem vanDerPol() {
        return new BenchProblem(
                "van_der_pol_mu1",
                (t, y, d) -> {
                    d[0] = y[1];
                    d[1] = (1 - y[0] * y[0]) * y[1] - y[0];
                },
                0,
                10,
                new double[] {2, 0});
    }

    /** Lotka–Volterra with (α, β, γ, δ) = (1.5, 1, 3, 1) from (1, 1) on [0, 10]. */
    public static BenchProblem lotkaVolterra() {
        return new BenchProblem(
                "lotka_volterra",
                (t, y, d) -> {
                    d[0] = 1.5 * y[0] - 1.0 * y[0] * y[1];
                    d[1] = -3.0 * y[1] + 1.0 * y[0] * y[1];
                },
                0,
                10,
                new double[] {1, 1});
    }

    /** The neural field {@code W2·tanh(W1·y + b1) + b2}, D = 16, H = 64, fixed seed, on [0, 1]. */
    public static BenchProblem neural() {
        NeuralField field = NeuralField.random(16, 64, 20261126L);
        return new BenchProblem("neural_d16_h64", field, 0, 1, field.randomState(7L));
    }
}
