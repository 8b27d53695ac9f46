package io.tempora.ode;

import java.util.Arrays;

/**
 * The error tolerances of an adaptive solve and the components the error norm looks at.
 *
 * <p>A step with local error estimate {@code err = y1 − ŷ1} is accepted when
 * <pre>
 *   ‖err‖ = sqrt( (1/|I|) Σ_{i∈I} (err_i / sc_i)² ) ≤ 1,   sc_i = atol_i + rtol_i · max(|y0_i|, |y1_i|)
 * </pre>
 * (Hairer, Nørsett, Wanner, <i>Solving ODEs I</i>, eq. II.4.11), where {@code I} is every component
 * unless some are {@linkplain #excluding excluded}: a seminorm, as used for the adjoint's parameter
 * gradient components (Kidger, Chen, Lyons, "Hey, that's not an ODE", ICML 2021).
 */
public final class Tolerances {

    private final double rtol;
    private final double atol;
    private final double[] rtols;
    private final double[] atols;
    private final int[] excluded;

    private Tolerances(double rtol, double atol, double[] rtols, double[] atols, int[] excluded) {
        this.rtol = rtol;
        this.atol = atol;
        this.rtols = rtols;
        this.atols = atols;
        this.excluded = excluded;
    }

    /**
     * The same tolerances for every component.
     *
     * @param rtol relative tolerance, positive and finite
     * @param atol absolute tolerance, positive and finite
     */
    public static Tolerances of(double rtol, double atol) {
        check("rtol", -1, rtol);
        check("atol", -1, atol);
        return new Tolerances(rtol, atol, null, null, new int[0]);
    }

    /** Per-component tolerances; both arrays have the dimension of the state (copied). */
    public static Tolerances perComponent(double[] rtol, double[] atol) {
        if (rtol.length != atol.length || rtol.length == 0) {
            throw SolverException.invalid("per-component rtol and atol must have the same, non-zero length, got "
                    + rtol.length + " and " + atol.length);
        }
        for (int i = 0; i < rtol.length; i++) {
            check("rtol", i, rtol[i]);
            check("atol", i, atol[i]);
        }
        return new Tolerances(Double.NaN, Double.NaN, rtol.clone(), atol.clone(), new int[0]);
    }

    private static void check(String what, int component, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw SolverException.invalid(what + (component >= 0 ? "[" + component + "]" : "")
                    + " must be positive and finite, was " + v + " (typical values: 1e-3 to 1e-10)");
        }
    }

    /**
     * These tolerances with the given components left out of the error norm (a seminorm). They are
     * still integrated, only not error-controlled.
     */
    public Tolerances excluding(int... components) {
        int[] ex = Arrays.stream(components).distinct().sorted().toArray();
        for (int i : ex) {
            if (i < 0) {
                throw SolverException.invalid("excluded component " + i + " is negative");
            }
        }
        return new Tolerances(rtol, atol, rtols, atols, ex);
    }

    /** Whether the tolerances are given per component. */
    public boolean perComponent() {
        return rtols != null;
    }

    /** The relative tolerance of component {@code i}. */
    public double rtol(int i) {
        return rtols == null ? rtol : rtols[i];
    }

    /** The absolute tolerance of component {@code i}. */
    public double atol(int i) {
        return atols == null ? atol : atols[i];
    }

    /** The components left out of the error norm, ascending (a copy; empty for a full norm). */
    public int[] excluded() {
        return excluded.clone();
    }

    /** These per-sample tolerances repeated for {@code batch} samples of {@code dimension} components. */
    Tolerances tiled(int batch, int dimension) {
        includedComponents(dimension); // validates against one sample
        int[] ex = new int[excluded.length * batch];
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < excluded.length; j++) {
                ex[b * excluded.length + j] = b * dimension + excluded[j];
            }
        }
        if (rtols == null) {
            return new Tolerances(rtol, atol, null, null, ex);
        }
        double[] r = new double[batch * dimension];
        double[] a = new double[batch * dimension];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(rtols, 0, r, b * dimension, dimension);
            System.arraycopy(atols, 0, a, b * dimension, dimension);
        }
        return new Tolerances(Double.NaN, Double.NaN, r, a, ex);
    }

    /** Checks these tolerances against a state dimension; returns the included components. */
    int[] includedComponents(int dimension) {
        if (rtols != null && rtols.length != dimension) {
            throw SolverException.invalid("per-component tolerances have length " + rtols.length
                    + " but the state has dimension " + dimension);
        }
        boolean[] out = new boolean[dimension];
        for (int i : excluded) {
            if (i >= dimension) {
                throw SolverException.invalid(
                        "excluded component " + i + " is outside the state of dimension " + dimension);
            }
            out[i] = true;
        }
        int[] included = new int[dimension - excluded.length];
        if (included.length == 0) {
            throw SolverException.invalid("every component is excluded from the error norm; keep at least one");
        }
        int n = 0;
        for (int i = 0; i < dimension; i++) {
            if (!out[i]) {
                included[n++] = i;
            }
        }
        return included;
    }

    @Override
    public String toString() {
        return "Tolerances[" + (rtols == null ? "rtol=" + rtol + ", atol=" + atol : "per component")
                + (excluded.length == 0 ? "" : ", excluded=" + Arrays.toString(excluded)) + "]";
    }
}
