package io.tempora.ode;

/**
 * The explicit midpoint method, order 2, fixed step.
 * <pre>
 *   0   |
 *   1/2 | 1/2
 *   ----+--------
 *       | 0    1
 * </pre>
 */
public final class Midpoint {

    /** The tableau. */
    public static final ButcherTableau TABLEAU =
            ButcherTableau.fixed("midpoint", new double[] {0, 0.5}, new double[][] {{}, {0.5}}, new double[] {0, 1}, 2);

    private Midpoint() {}
}
