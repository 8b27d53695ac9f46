package io.tempora.pp;

import java.util.function.DoubleUnaryOperator;

/**
 * Adaptive Gauss–Kronrod (7/15 point) quadrature, bisecting the interval where the Kronrod–Gauss difference
 * exceeds the tolerance (Piessens et al., QUADPACK, 1983). Used where a process has no closed form (a general
 * rate function's integral, next-type distributions).
 */
final class Quadrature {

    private static final double[] XGK = {
        0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
        0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
        0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
        0.207784955007898467600689403773245, 0.0};
    private static final double[] WGK = {
        0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
        0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
        0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
        0.204432940075298892414161999234649, 0.209482141084727828012999174891714};
    private static final double[] WG = {
        0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
        0.381830050505118944950369775488975, 0.417959183673469387755102040816327};
    private static final int MAX_DEPTH = 40;

    /** A vector-valued integrand writing {@code dim} values at {@code x} into {@code out}. */
    interface VectorFunction {
        void value(double x, double[] out);
    }

    private Quadrature() {
    }

    /** {@code integral_a^b f} to absolute error about {@code tol}. */
    static double integrate(DoubleUnaryOperator f, double a, double b, double tol) {
        double[] out = new double[1];
        integrate((x, o) -> o[0] = f.applyAsDouble(x), 1, a, b, tol, out);
        return out[0];
    }

    /** Adds {@code integral_a^b f} (component-wise) to {@code acc}; tolerance on the sum of absolute errors. */
    static void integrate(VectorFunction f, int dim, double a, double b, double tol, double[] acc) {
        recurse(f, dim, a, b, tol, acc, 0, new double[dim]);
    }

    private static void recurse(VectorFunction f, int dim, double a, double b, double tol, double[] acc, int depth,
                                double[] scratch) {
        double[] kronrod = new double[dim];
        double[] gauss = new double[dim];
        double c = 0.5 * (a + b);
        double h = 0.5 * (b - a);
        for (int j = 0; j < XGK.length; j++) {
            int sides = XGK[j] == 0 ? 1 : 2;
            for (int s = 0; s < sides; s++) {
                double x = s == 0 ? c - h * XGK[j] : c + h * XGK[j];
                f.value(x, scratch);
                for (int d = 0; d < dim; d++) {
                    kronrod[d] += WGK[j] * scratch[d];
                    if (j % 2 == 1) {
                        gauss[d] += WG[j / 2] * scratch[d];
                    }
                }
            }
        }
        double err = 0;
        for (int d = 0; d < dim; d++) {
            kronrod[d] *= h;
            gauss[d] *= h;
            err += Math.abs(kronrod[d] - gauss[d]);
        }
        if (err <= tol || depth >= MAX_DEPTH || !(err == err)) {
            for (int d = 0; d < dim; d++) {
                acc[d] += kronrod[d];
            }
            return;
        }
        recurse(f, dim, a, c, 0.5 * tol, acc, depth + 1, scratch);
        recurse(f, dim, c, b, 0.5 * tol, acc, depth + 1, scratch);
    }
}
