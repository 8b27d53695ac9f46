package io.tempora.ode;

/**
 * Bogacki–Shampine 3(2), FSAL, with cubic Hermite dense output (P. Bogacki, L. F. Shampine,
 * "A 3(2) pair of Runge–Kutta formulas", Appl. Math. Lett. 2 (1989) 321–325).
 * <pre>
 *   0   |
 *   1/2 | 1/2
 *   3/4 | 0     3/4
 *   1   | 2/9   1/3   4/9
 *   ----+------------------------
 *       | 2/9   1/3   4/9   0        (order 3)
 *       | 7/24  1/4   1/3   1/8      (order 2)
 * </pre>
 */
public final class BogackiShampine32 {

    /** The tableau. */
    public static final ButcherTableau TABLEAU = ButcherTableau.adaptive(
            "Bogacki–Shampine 3(2)",
            new double[] {0, 0.5, 0.75, 1},
            new double[][] {{}, {0.5}, {0, 0.75}, {2.0 / 9, 1.0 / 3, 4.0 / 9}},
            new double[] {2.0 / 9, 1.0 / 3, 4.0 / 9, 0},
            new double[] {7.0 / 24, 1.0 / 4, 1.0 / 3, 1.0 / 8},
            3,
            2,
            null);

    private BogackiShampine32() {}
}
