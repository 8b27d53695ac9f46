package io.tempora.ode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The observed order of every method with fixed steps is its theoretical order. */
class ConvergenceOrderTest {

    // y' = y cos t, y(0) = 1, exact y = exp(sin t): non-autonomous, so the nodes c_i matter as well as the
    // weights, and its global error constant does not vanish (unlike damped, periodically forced problems).
    private static final VectorField FIELD = (t, y, d) -> d[0] = y[0] * Math.cos(t);

    private static double exact(double t) {
        return Math.exp(Math.sin(t));
    }

    private static double error(ButcherTableau method, int steps) {
        double t1 = 1.5;
        RungeKuttaSolver solver = RungeKuttaSolver.builder(method)
                .controller(StepSizeController.constant(t1 / steps))
                .build(1);
        double[] y = new double[1];
        SolveStats stats = new SolveStats();
        solver.solve(FIELD, 0, new double[] {1}, t1, y, stats);
        assertThat(stats.acceptedSteps()).isEqualTo(steps);
        return Math.abs(y[0] - exact(t1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tempora.ode.Methods#all")
    void observedOrderMatchesTheory(ButcherTableau method) {
        int base = method.order() >= 5 ? 10 : 20;
        double e1 = error(method, base);
        double e2 = error(method, 2 * base);
        double e3 = error(method, 4 * base);
        double slope1 = Math.log(e1 / e2) / Math.log(2);
        double slope2 = Math.log(e2 / e3) / Math.log(2);
        assertThat(slope2)
                .as("order estimate from %d to %d steps", 2 * base, 4 * base)
                .isBetween(method.order() - 0.2, method.order() + 0.45);
        assertThat(slope1).isBetween(method.order() - 0.3, method.order() + 0.6);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.tempora.ode.Methods#adaptive")
    void embeddedSolutionHasItsOwnOrder(ButcherTableau method) {
        // The embedded weights as a method of their own must show the embedded order.
        ButcherTableau embedded = ButcherTableau.fixed(
                method.name() + " embedded", method.c(), method.a(), method.bHat(), method.embeddedOrder());
        double e2 = error(embedded, 20);
        double e3 = error(embedded, 40);
        assertThat(Math.log(e2 / e3) / Math.log(2))
                .isBetween(method.embeddedOrder() - 0.3, method.embeddedOrder() + 0.5);
    }
}
