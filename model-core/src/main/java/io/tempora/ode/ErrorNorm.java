package io.tempora.ode;

/**
 * The mixed RMS norm of {@link Tolerances} for one state dimension, over the included components:
 * <pre>
 *   ‖v‖ = sqrt( (1/|I|) Σ_{i∈I} (v_i / sc_i)² ),   sc_i = atol_i + rtol_i · |y_i|
 * </pre>
 * with {@code |y_i| = max(|y0_i|, |y1_i|)} for a step's error and {@code |y0_i|} for the starting step
 * estimate. The tolerances are unpacked into arrays once, so a norm costs one pass over {@code I}.
 * Immutable.
 */
final class ErrorNorm {

    private final int[] included;
    private final double[] rtol;
    private final double[] atol;

    /** The norm of {@code tolerances} for states of {@code n} components; validates them against it. */
    ErrorNorm(Tolerances tolerances, int n) {
        this.included = tolerances.includedComponents(n);
        this.rtol = new double[n];
        this.atol = new double[n];
        for (int i = 0; i < n; i++) {
            rtol[i] = tolerances.rtol(i);
            atol[i] = tolerances.atol(i);
        }
    }

    /**
     * The scaled error {@code ‖h·err‖} of a step from {@code y0} to {@code y1}; an adaptive controller
     * accepts the step when it is at most 1.
     */
    double step(double h, double[] err, double[] y0, double[] y1) {
        double sum = 0;
        for (int i : included) {
            double scale = atol[i] + rtol[i] * Math.max(Math.abs(y0[i]), Math.abs(y1[i]));
            double r = h * err[i] / scale;
            sum += r * r;
        }
        return Math.sqrt(sum / included.length);
    }

    /** {@code ‖v‖} scaled at the state {@code y}. */
    double at(double[] v, double[] y) {
        double sum = 0;
        for (int i : included) {
            double scale = atol[i] + rtol[i] * Math.abs(y[i]);
            sum += sq(v[i] / scale);
        }
        return Math.sqrt(sum / included.length);
    }

    /** {@code ‖v − w‖} scaled at the state {@code y}. */
    double differenceAt(double[] v, double[] w, double[] y) {
        double sum = 0;
        for (int i : included) {
            double scale = atol[i] + rtol[i] * Math.abs(y[i]);
            sum += sq((v[i] - w[i]) / scale);
        }
        return Math.sqrt(sum / included.length);
    }

    private static double sq(double v) {
        return v * v;
    }
}
