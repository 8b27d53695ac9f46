package io.tempora.ode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince54Integrator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Same answers as Hipparchus' Dormand–Prince 5(4) at rtol = atol = 1e-6 on [0, 10]. */
class HipparchusComparisonTest {

    private static final double TOL = 1e-6;

    static Stream<Arguments> problems() {
        VectorField vanDerPol = (t, y, d) -> {
            d[0] = y[1];
            d[1] = (1 - y[0] * y[0]) * y[1] - y[0];
        };
        VectorField lotkaVolterra = (t, y, d) -> {
            d[0] = 1.5 * y[0] - 1.0 * y[0] * y[1];
            d[1] = -3.0 * y[1] + 1.0 * y[0] * y[1];
        };
        return Stream.of(
                Arguments.of("Van der Pol mu=1", vanDerPol, new double[] {2, 0}),
                Arguments.of("Lotka-Volterra (1.5,1,3,1)", lotkaVolterra, new double[] {1, 1}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("problems")
    void agreesWithHipparchusWithinTheTolerance(String name, VectorField f, double[] y0) {
        double t1 = 10;
        double[] reference = new double[2];
        Methods.adaptiveSolver(DormandPrince54.TABLEAU, 1e-13, 1e-13, 2)
                .solve(f, 0, y0, t1, reference, new SolveStats());

        double[] ours = new double[2];
        SolveStats stats = new SolveStats();
        Methods.adaptiveSolver(DormandPrince54.TABLEAU, TOL, TOL, 2).solve(f, 0, y0, t1, ours, stats);

        DormandPrince54Integrator hipparchus = new DormandPrince54Integrator(1e-12, 100, TOL, TOL);
        OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
            @Override
            public int getDimension() {
                return 2;
            }

            @Override
            public double[] computeDerivatives(double t, double[] y) {
                double[] d = new double[2];
                f.evaluate(t, y, d);
                return d;
            }
        };
        ODEStateAndDerivative end = hipparchus.integrate(ode, new ODEState(0, y0.clone()), t1);
        double[] theirs = end.getPrimaryState();

        double scale = 1 + Math.max(Math.abs(reference[0]), Math.abs(reference[1]));
        double ourError = Methods.maxAbsDiff(ours, reference);
        double theirError = Methods.maxAbsDiff(theirs, reference);
        // Both are tolerance-proportional: a global error of a few hundred tolerances over ten time units.
        assertThat(ourError).isLessThan(300 * TOL * scale);
        assertThat(Methods.maxAbsDiff(ours, theirs)).isLessThan(300 * TOL * scale);
        // Same error norm and controller conventions: similar work and similar accuracy.
        assertThat((double) stats.evaluations())
                .isBetween(0.9 * hipparchus.getEvaluations(), 1.1 * hipparchus.getEvaluations());
        assertThat(ourError).isLessThan(2 * theirError + 10 * TOL);
    }
}
