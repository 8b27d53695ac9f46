package io.tempora.ode;

/**
 * The classical fourth-order Runge–Kutta method, fixed step.
 * <pre>
 *   0   |
 *   1/2 | 1/2
 *   1/2 | 0    1/2
 *   1   | 0    0    1
 *   ----+--------------------
 *       | 1/6  1/3  1/3  1/6
 * </pre>
 */
public final class RungeKutta4 {

    /** The tableau. */
    public static final ButcherTableau TABLEAU = ButcherTableau.fixed(
            "RK4",
            new double[] {0, 0.5, 0.5, 1},
            new double[][] {{}, {0.5}, {0, 0.5}, {0, 0, 1}},
            new double[] {1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6},
            4);

    private RungeKutta4() {}
}
