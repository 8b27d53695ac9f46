package io.tempora.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.ode.DormandPrince54;
import io.tempora.ode.RungeKuttaSolver;
import io.tempora.ode.SolveStats;
import io.tempora.ode.Tolerances;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tail's closed forms against a tight solve of the full (nonlinear) prediction ODE from a state off
 * the fixed point: their error must be third order in the deviation (halving it divides the error by
 * about 8; a form right only to first order would divide it by 4), while the deviation itself visibly
 * moves every quantity (so dropping it, as the plain settled tail does, would not pass).
 */
class TailLinearisationTest {

    /** The number of event types of the case being run. */
    private static int K;

    private static final int D = 16;

    /** Three types (seven forms, one block of eight) and five (eleven: two blocks). */
    @ParameterizedTest(name = "K = {0}")
    @ValueSource(ints = {3, 5})
    void closedFormsMatchATightSolveToThirdOrderInTheDeviation(int types) {
        K = types;
        EventModel m = StreamingDefaultsTest.lively(types);
        FusedDynamics kernel = new FusedDynamics(m);
        SegmentDynamics segment = new SegmentDynamics(kernel, D, K);
        FixedPoint fp = new FixedPoint(
                m,
                kernel,
                segment,
                RungeKuttaSolver.builder(DormandPrince54.TABLEAU)
                        .tolerances(Tolerances.of(1e-10, 1e-12))
                        .build(D + 1));
        assertThat(fp.update()).isTrue();
        assertThat(fp.linearised()).isTrue();
        TailLinearisation tail = fp.linearisation();
        assertThat(tail.far()).isFinite().isPositive();

        // Every component off by 0.025–0.05 (0.05–0.1 for the larger one): the state of a prediction
        // stopping in the band of 0.2 is within this range of most of its components.
        double[] large = errors(fp, kernel, 0.05);
        double[] small = errors(fp, kernel, 0.025);
        double[] effect = effects(fp, kernel, 0.025);
        String[] names = new String[2 * K + 1];
        for (int type = 0; type < K; type++) {
            names[type] = "Λ_" + type;
            names[K + 1 + type] = "∫λ_" + type + " S";
        }
        names[K] = "∫S";
        for (int q = 0; q < names.length; q++) {
            assertThat(effect[q]).as("%s: the deviation matters", names[q]).isGreaterThan(5e-4);
            // What is left is the third order (the survival's p³/6 above all, p(0) = −c∞ ≈ 0.1 here).
            assertThat(small[q])
                    .as("%s: the form's error is far below the deviation's effect", names[q])
                    .isLessThan(0.025 * effect[q]);
            assertThat(small[q])
                    .as("%s: third order (error at 0.05 %s, at 0.025 %s)", names[q], large[q], small[q])
                    .isLessThan(large[q] / 5.5);
        }
    }

    /** The deviation of the given size along a fixed mixed direction. */
    private static double[] deviation(double size) {
        double[] delta = new double[D];
        for (int j = 0; j < D; j++) {
            delta[j] = size * ((j % 3) - 1 + 0.25 * j / D);
        }
        return delta;
    }

    /** Tight solve of the prediction ODE from h* + δ to far + 60: Λ_k, ∫S, ∫λ_k S. */
    private static double[] solved(FixedPoint fp, FusedDynamics kernel, double[] delta, double u) {
        PredictionDynamics field = new PredictionDynamics(kernel, D, K);
        double[] y = new double[field.dimension()];
        for (int j = 0; j < D; j++) {
            y[j] = fp.point()[j] + delta[j];
        }
        RungeKuttaSolver tight = RungeKuttaSolver.builder(DormandPrince54.TABLEAU)
                .tolerances(Tolerances.of(1e-12, 1e-14))
                .build(field.dimension());
        tight.solve(field, 0, y, u, y, new SolveStats());
        double[] out = new double[2 * K + 1];
        for (int type = 0; type < K; type++) {
            out[type] = y[field.typeCompensator(type)];
            out[K + 1 + type] = y[field.typeDensityIntegral(type)];
        }
        out[K] = y[field.survivalIntegral()];
        return out;
    }

    /** The closed forms' values for the deviation δ (a tail starting at h* + δ with S₀ = 1). */
    private static double[] forms(FixedPoint fp, double[] delta, double u) {
        TailLinearisation tail = fp.linearisation();
        tail.at(delta);
        double lam = fp.totalIntensity();
        double[] out = new double[2 * K + 1];
        double shiftTotal = 0;
        for (int type = 0; type < K; type++) {
            out[type] = fp.intensity(type) * u + tail.compensatorShift(type);
            shiftTotal += tail.compensatorShift(type);
        }
        double weight = Math.exp(-shiftTotal);
        out[K] = weight * (-Math.expm1(-lam * u) / lam + tail.survivalCorrection());
        for (int type = 0; type < K; type++) {
            out[K + 1 + type] = fp.intensity(type) * out[K] + weight * tail.typeDensityCorrection(type);
        }
        return out;
    }

    private static double[] errors(FixedPoint fp, FusedDynamics kernel, double size) {
        double u = fp.linearisation().far() + 60;
        double[] delta = deviation(size);
        double[] solved = solved(fp, kernel, delta, u);
        double[] forms = forms(fp, delta, u);
        double[] err = new double[solved.length];
        for (int q = 0; q < err.length; q++) {
            err[q] = Math.abs(solved[q] - forms[q]);
        }
        return err;
    }

    /** How far the solved quantities move from the settled ones (δ = 0) for a deviation of this size. */
    private static double[] effects(FixedPoint fp, FusedDynamics kernel, double size) {
        double u = fp.linearisation().far() + 60;
        double[] moved = solved(fp, kernel, deviation(size), u);
        double[] still = solved(fp, kernel, new double[D], u);
        double[] e = new double[moved.length];
        for (int q = 0; q < e.length; q++) {
            e[q] = Math.abs(moved[q] - still[q]);
        }
        return e;
    }
}
