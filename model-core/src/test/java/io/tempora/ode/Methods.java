package io.tempora.ode;

import java.util.List;

/** Every method of the package, for parameterised tests. */
final class Methods {

    static final List<ButcherTableau> ALL = List.of(
            Euler.TABLEAU,
            Midpoint.TABLEAU,
            RungeKutta4.TABLEAU,
            BogackiShampine32.TABLEAU,
            DormandPrince54.TABLEAU,
            Tsitouras54.TABLEAU);

    static final List<ButcherTableau> ADAPTIVE =
            List.of(BogackiShampine32.TABLEAU, DormandPrince54.TABLEAU, Tsitouras54.TABLEAU);

    private Methods() {}

    static List<ButcherTableau> all() {
        return ALL;
    }

    static List<ButcherTableau> adaptive() {
        return ADAPTIVE;
    }

    static RungeKuttaSolver adaptiveSolver(ButcherTableau tableau, double rtol, double atol, int dimension) {
        return RungeKuttaSolver.builder(tableau)
                .tolerances(Tolerances.of(rtol, atol))
                .build(dimension);
    }

    static double maxAbsDiff(double[] x, double[] y) {
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            m = Math.max(m, Math.abs(x[i] - y[i]));
        }
        return m;
    }
}
