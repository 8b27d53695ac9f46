package io.tempora.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.ode.DormandPrince54;
import io.tempora.ode.RungeKuttaSolver;
import io.tempora.ode.SolveStats;
import io.tempora.ode.Tolerances;
import org.junit.jupiter.api.Test;

/**
 * The linearised tail's closed forms against a tight solve of the full (nonlinear) prediction ODE from a
 * state slightly off the fixed point: they must agree to second order in the deviation, while the
 * terms the forms add are first order (so dropping them, as the plain settled tail does, would not).
 */
class TailLinearisationTest {

    @Test
    void closedFormsMatchATightSolveToSecondOrderInTheDeviation() {
        EventModel m = StreamingDefaultsTest.lively();
        FusedDynamics kernel = new FusedDynamics(m);
        int d = 16;
        int k = 3;
        SegmentDynamics segment = new SegmentDynamics(kernel, d, k);
        FixedPoint fp = new FixedPoint(m, kernel, segment,
                RungeKuttaSolver.builder(DormandPrince54.TABLEAU).tolerances(Tolerances.of(1e-10, 1e-12)).build(d + 1));
        assertThat(fp.update()).isTrue();
        assertThat(fp.linearised()).isTrue();
        TailLinearisation tail = fp.linearisation();
        assertThat(tail.far()).isFinite().isPositive();

        double[] delta = new double[d];
        for (int j = 0; j < d; j++) {
            delta[j] = 2e-3 * ((j % 3) - 1 + 0.25 * j / d);
        }
        PredictionDynamics field = new PredictionDynamics(kernel, d, k);
        double[] y = new double[field.dimension()];
        for (int j = 0; j < d; j++) {
            y[j] = fp.point()[j] + delta[j];
        }
        double u = tail.far() + 60;
        RungeKuttaSolver tight = RungeKuttaSolver.builder(DormandPrince54.TABLEAU).tolerances(Tolerances.of(1e-11, 1e-13))
                .build(field.dimension());
        tight.solve(field, 0, y, u, y, new SolveStats());

        double lam = fp.totalIntensity();
        double shiftTotal = 0;
        for (int type = 0; type < k; type++) {
            double shift = tail.compensatorShift(type, delta);
            shiftTotal += shift;
            double plain = fp.intensity(type) * u;
            assertThat(Math.abs(shift)).as("type %d: the first-order shift is visible", type).isGreaterThan(2e-5);
            assertThat(Math.abs(y[field.typeCompensator(type)] - (plain + shift))).as("Λ_%d", type)
                    .isLessThan(0.05 * Math.abs(shift));
        }
        double weight = Math.exp(-shiftTotal);
        double base = -Math.expm1(-lam * u) / lam;
        double survival = weight * (base + tail.survivalCorrection(delta));
        double solved = y[field.survivalIntegral()];
        assertThat(Math.abs(solved - base)).as("the deviation matters for ∫S").isGreaterThan(1e-4);
        assertThat(Math.abs(solved - survival)).as("∫S").isLessThan(0.05 * Math.abs(solved - base));
        for (int type = 0; type < k; type++) {
            double plain = fp.intensity(type) * base;
            double form = fp.intensity(type) * survival + weight * tail.typeDensityCorrection(type, delta);
            double got = y[field.typeDensityIntegral(type)];
            assertThat(Math.abs(got - form)).as("∫λ_%d S", type).isLessThan(0.05 * Math.abs(got - plain));
        }
    }
}
