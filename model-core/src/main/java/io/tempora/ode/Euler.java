package io.tempora.ode;

/**
 * The explicit Euler method, order 1, fixed step.
 * <pre>
 *   0 |
 *   --+--
 *     | 1
 * </pre>
 */
public final class Euler {

    /** The tableau. */
    public static final ButcherTableau TABLEAU =
            ButcherTableau.fixed("Euler", new double[] {0}, new double[][] {{}}, new double[] {1}, 1);

    private Euler() {}
}
