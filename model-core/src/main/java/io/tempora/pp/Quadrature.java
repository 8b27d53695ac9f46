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
        0.207784955007898467600689403773245, 0.0
    };
    private static final double[] WGK = {
        0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
        0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
        0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
        0.204432940075298892414161999234649, 0.209482141084727828012999174891714
    };
    private static final double[] WG = {
        0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
        0.381830050505118944950369775488975, 0.417959183673469387755102040816327
    };
    private static final int MAX_INTERVALS = 200;

    /** A vector-valued integrand writing {@code dim} values at {@code x} into {@code out}. */
    interface VectorFunction {
        void value(double x, double[] out);
    }

    private Quadrature() {}

    /** {@code integral_a^b f} to absolute error about {@code tol}. */
    static double integrate(DoubleUnaryOperator f, double a, double b, double tol) {
        double[] out = new double[1];
        integrate((x, o) -> o[0] = f.applyAsDouble(x), 1, a, b, tol, out);
        return out[0];
    }

    /**
     * Adds {@code integral_a^b f} (component-wise) to {@code acc}. Globally adaptive (QUADPACK's QAG strategy):
     * the interval with the largest error estimate is bisected until the summed estimate is below
     * {@code tol}, below the round-off level of the result, or {@value #MAX_INTERVALS} intervals are in use.
     * Bounded work whatever the integrand: a local strategy that halves the tolerance at each bisection can
     * chase round-off forever.
     */
    static void integrate(VectorFunction f, int dim, double a, double b, double tol, double[] acc) {
        java.util.PriorityQueue<Piece> queue = new java.util.PriorityQueue<>((x, y) -> Double.compare(y.err, x.err));
        double[] scratch = new double[dim];
        Piece whole = rule(f, dim, a, b, scratch);
        queue.add(whole);
        double[] total = whole.value.clone();
        double err = whole.err;
        while (queue.size() < MAX_INTERVALS) {
            double magnitude = 0;
            for (double v : total) {
                magnitude += Math.abs(v);
            }
            if (err <= tol || err <= 1e-14 * magnitude || !(err == err)) {
                break;
            }
            Piece worst = queue.poll();
            double mid = 0.5 * (worst.a + worst.b);
            if (mid <= worst.a || mid >= worst.b) { // cannot split further in double precision
                queue.add(worst);
                break;
            }
            Piece left = rule(f, dim, worst.a, mid, scratch);
            Piece right = rule(f, dim, mid, worst.b, scratch);
            for (int d = 0; d < dim; d++) {
                total[d] += left.value[d] + right.value[d] - worst.value[d];
            }
            err += left.err + right.err - worst.err;
            queue.add(left);
            queue.add(right);
        }
        for (int d = 0; d < dim; d++) {
            acc[d] += total[d];
        }
    }

    private record Piece(double a, double b, double[] value, double err) {}

    private static Piece rule(VectorFunction f, int dim, double a, double b, double[] scratch) {
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
        return new Piece(a, b, kronrod, err);
    }
}
