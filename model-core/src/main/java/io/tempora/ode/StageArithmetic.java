package io.tempora.ode;

import java.util.Arrays;

/**
 * The linear combinations of stage derivatives a Runge–Kutta step is made of: the stage arguments and
 * the new state {@code y + h Σ_l w_l k_l}, and the error estimate {@code Σ_l e_l k_l}. These are the
 * innermost loops of every solve.
 *
 * <p>Each component is summed left to right in ascending stage order, exactly as the textbook loop
 * (one {@code axpy} per stage) sums it, so results are bit-identical to it. From
 * {@link #PASS_MIN_DIMENSION} components on, the nonzero terms are gathered first and up to four stages
 * are added per pass over the components: a 7-stage method makes 2 passes instead of 7, and each pass is
 * one contiguous, vectorisable loop. Below it, one short loop per stage is cheaper than the gathering.
 *
 * <p>Holds the solver's stage array {@code k} (whose rows the solver may swap in place) and its own
 * scratch; allocates nothing after construction. One per solver; not thread-safe.
 */
final class StageArithmetic {

    /**
     * From this state dimension on, stage sums take several stages per pass over the components; below
     * it, one loop per stage (see {@code docs/decisions.md}). Both forms give bit-identical results.
     */
    static final int PASS_MIN_DIMENSION = 8;

    /** The most stages one pass over the components adds. */
    private static final int STAGES_PER_PASS = 4;

    private final int n;
    private final double[][] k;
    private final double[] e;
    private final int[] errorStages;
    private final double[] termWeights;
    private final int[] termStages; // indices into k: a reference store would pay G1's write barrier
    private final double[] zeros;
    private final double[] error;

    /**
     * @param n           the state dimension
     * @param k           the stage derivatives, one row of length {@code n} per stage (rows may be swapped
     *                    between calls, the array itself is kept)
     * @param e           the error weights {@code b − b̂} of the method, or zeros when it has none
     * @param errorStages the stages with a nonzero error weight, ascending
     */
    StageArithmetic(int n, double[][] k, double[] e, int[] errorStages) {
        this.n = n;
        this.k = k;
        this.e = e;
        this.errorStages = errorStages;
        this.termWeights = new double[k.length];
        this.termStages = new int[k.length];
        this.zeros = new double[n];
        this.error = new double[n];
    }

    /** {@code dst = y + h Σ_{l<count} w_l k_l}, skipping zero weights. */
    void combine(double[] y, double[] dst, double h, double[] w, int count) {
        if (n < PASS_MIN_DIMENSION) {
            System.arraycopy(y, 0, dst, 0, n);
            for (int l = 0; l < count; l++) {
                double hw = h * w[l];
                if (hw != 0) {
                    double[] kl = k[l];
                    for (int j = 0; j < n; j++) {
                        dst[j] += hw * kl[j];
                    }
                }
            }
            return;
        }
        int m = 0;
        for (int l = 0; l < count; l++) {
            double hw = h * w[l];
            if (hw != 0) {
                termWeights[m] = hw;
                termStages[m] = l;
                m++;
            }
        }
        sumTerms(y, dst, m);
    }

    /**
     * The unscaled error estimate {@code Σ_l e_l k_l} of the step in {@code k} (the error is {@code h}
     * times it), in this object's scratch array, valid until the next call.
     */
    double[] errorEstimate() {
        final double[] err = error;
        if (n < PASS_MIN_DIMENSION) {
            Arrays.fill(err, 0.0);
            for (int l : errorStages) {
                final double el = e[l];
                final double[] kl = k[l];
                for (int i = 0; i < n; i++) {
                    err[i] += el * kl[i];
                }
            }
            return err;
        }
        int m = 0;
        for (int l : errorStages) {
            termWeights[m] = e[l];
            termStages[m] = l;
            m++;
        }
        sumTerms(zeros, err, m);
        return err;
    }

    /** Whether every component of {@code v} is finite. */
    static boolean allFinite(double[] v) {
        double probe = 0;
        for (double x : v) {
            probe += x * 0.0; // NaN as soon as one component is NaN or infinite
        }
        return probe == 0;
    }

    /**
     * {@code dst = start + Σ_l termWeights[l]·k[termStages[l]]}, {@code l < m}, summed left to right per
     * component, up to {@link #STAGES_PER_PASS} stages per pass.
     */
    private void sumTerms(double[] start, double[] dst, int m) {
        double[] src = start;
        for (int first = 0; first < m || src == start; first += STAGES_PER_PASS) {
            int left = m - first;
            if (left <= 0) {
                System.arraycopy(start, 0, dst, 0, n);
            } else if (left == 1) {
                pass1(src, dst, first);
            } else if (left == 2) {
                pass2(src, dst, first);
            } else if (left == 3) {
                pass3(src, dst, first);
            } else {
                pass4(src, dst, first);
            }
            src = dst;
        }
    }

    private void pass1(double[] src, double[] dst, int f) {
        final double w0 = termWeights[f];
        final double[] k0 = k[termStages[f]];
        for (int j = 0; j < n; j++) {
            dst[j] = src[j] + w0 * k0[j];
        }
    }

    private void pass2(double[] src, double[] dst, int f) {
        final double w0 = termWeights[f];
        final double w1 = termWeights[f + 1];
        final double[] k0 = k[termStages[f]];
        final double[] k1 = k[termStages[f + 1]];
        for (int j = 0; j < n; j++) {
            dst[j] = src[j] + w0 * k0[j] + w1 * k1[j];
        }
    }

    private void pass3(double[] src, double[] dst, int f) {
        final double w0 = termWeights[f];
        final double w1 = termWeights[f + 1];
        final double w2 = termWeights[f + 2];
        final double[] k0 = k[termStages[f]];
        final double[] k1 = k[termStages[f + 1]];
        final double[] k2 = k[termStages[f + 2]];
        for (int j = 0; j < n; j++) {
            dst[j] = src[j] + w0 * k0[j] + w1 * k1[j] + w2 * k2[j];
        }
    }

    private void pass4(double[] src, double[] dst, int f) {
        final double w0 = termWeights[f];
        final double w1 = termWeights[f + 1];
        final double w2 = termWeights[f + 2];
        final double w3 = termWeights[f + 3];
        final double[] k0 = k[termStages[f]];
        final double[] k1 = k[termStages[f + 1]];
        final double[] k2 = k[termStages[f + 2]];
        final double[] k3 = k[termStages[f + 3]];
        for (int j = 0; j < n; j++) {
            dst[j] = src[j] + w0 * k0[j] + w1 * k1[j] + w2 * k2[j] + w3 * k3[j];
        }
    }
}
