package io.tempora.model;

/**
 * Small dense linear algebra for {@link TailLinearisation}, on {@code double[][]} row-major matrices:
 * Gaussian elimination with partial pivoting, the Sylvester equation {@code JᵀX + XJ − λX = −C} as a
 * {@code D² × D²} system, and the decay time of {@code e^{Jt}} by scaling and squaring. Meant for the
 * once-per-parameter-version work of a latent dimension of a few dozen; allocates.
 */
final class DenseSolve {

    /** A pivot at most this relative to the matrix's largest entry counts as zero: singular. */
    static final double SINGULAR = 1e-13;
    /** {@link #exp} scales its argument to at most this norm before the Taylor series. */
    static final double SCALED_NORM = 0.5;
    /** The Taylor series' degree at that norm (remainder below 1e-20). */
    static final int TAYLOR_DEGREE = 18;

    private DenseSolve() {}

    /** {@code m x = rhs} for square {@code m} (unchanged); null when {@code m} is singular to working precision. */
    static double[] solve(double[][] m, double[] rhs) {
        double[][] x = solve(m, new double[][] {rhs});
        return x == null ? null : x[0];
    }

    /**
     * {@code m x_i = rhs[i]} for every right-hand side, one elimination for all; null when {@code m} is
     * singular to working precision. {@code m} and {@code rhs} are unchanged.
     */
    static double[][] solve(double[][] m, double[][] rhs) {
        int n = m.length;
        int cols = rhs.length;
        double[][] w = new double[n][n + cols];
        double scale = 0;
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, w[i], 0, n);
            for (int c = 0; c < cols; c++) {
                w[i][n + c] = rhs[c][i];
            }
            for (int j = 0; j < n; j++) {
                scale = Math.max(scale, Math.abs(m[i][j]));
            }
        }
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(w[r][c]) > Math.abs(w[p][c])) {
                    p = r;
                }
            }
            if (!(Math.abs(w[p][c]) > SINGULAR * scale)) {
                return null;
            }
            double[] swap = w[p];
            w[p] = w[c];
            w[c] = swap;
            for (int r = c + 1; r < n; r++) {
                double f = w[r][c] / w[c][c];
                if (f != 0) {
                    for (int q = c; q < n + cols; q++) {
                        w[r][q] -= f * w[c][q];
                    }
                }
            }
        }
        double[][] x = new double[cols][n];
        for (int c = 0; c < cols; c++) {
            for (int r = n - 1; r >= 0; r--) {
                double s = w[r][n + c];
                for (int q = r + 1; q < n; q++) {
                    s -= w[r][q] * x[c][q];
                }
                x[c][r] = s / w[r][r];
            }
        }
        return x;
    }

    /**
     * Solves {@code JᵀX + XJ − λX = −C} for each {@code C} given (D × D), one {@code D² × D²} elimination
     * for all; null if the system is singular (an eigenvalue pair of J summing to λ). With J stable and
     * {@code λ ≥ 0}, {@code X = ∫₀^∞ e^{−λu} e^{Jᵀu} C e^{Ju} du}.
     */
    static double[][][] sylvester(double[][] j, double lambda, double[][]... c) {
        int d = j.length;
        int n = d * d;
        double[][] m = new double[n][n];
        double[][] rhs = new double[c.length][n];
        for (int r = 0; r < d; r++) {
            for (int col = 0; col < d; col++) {
                int row = r * d + col;
                for (int i = 0; i < c.length; i++) {
                    rhs[i][row] = -c[i][r][col];
                }
                m[row][row] -= lambda;
                for (int p = 0; p < d; p++) {
                    m[row][p * d + col] += j[p][r]; // (JᵀX)[r][c] = Σ_p J[p][r] X[p][c]
                    m[row][r * d + p] += j[p][col]; // (XJ)[r][c]  = Σ_p X[r][p] J[p][c]
                }
            }
        }
        double[][] x = solve(m, rhs);
        if (x == null) {
            return null;
        }
        double[][][] out = new double[c.length][d][d];
        for (int i = 0; i < c.length; i++) {
            for (int r = 0; r < d; r++) {
                System.arraycopy(x[i], r * d, out[i][r], 0, d);
            }
        }
        return out;
    }

    /** {@code u vᵀ}. */
    static double[][] outer(double[] u, double[] v) {
        double[][] o = new double[u.length][v.length];
        for (int r = 0; r < u.length; r++) {
            for (int c = 0; c < v.length; c++) {
                o[r][c] = u[r] * v[c];
            }
        }
        return o;
    }

    /**
     * The first whole number of time units {@code t ≤ max} at which {@code ‖e^{Jt}‖∞ ≤ eps}, or
     * {@code +∞} if the flow has not decayed that far by then ({@code e^{J(t+1)} = e^{Jt} e^{J}}).
     */
    static double decayTime(double[][] j, double eps, double max) {
        double[][] step = exp(j);
        double[][] e = step;
        for (int t = 1; t <= max; t++) {
            if (normInf(e) <= eps) {
                return t;
            }
            e = multiply(e, step);
        }
        return Double.POSITIVE_INFINITY;
    }

    /** {@code e^A}: scaled to {@code ‖A/2^s‖∞ ≤} {@link #SCALED_NORM}, Taylor series, squared s times. */
    static double[][] exp(double[][] a) {
        int n = a.length;
        double norm = normInf(a);
        int s = norm > SCALED_NORM ? Math.getExponent(norm / SCALED_NORM) + 1 : 0;
        double scale = Math.scalb(1.0, -s);
        double[][] b = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < n; c++) {
                b[i][c] = a[i][c] * scale;
            }
        }
        double[][] sum = identity(n);
        double[][] term = identity(n);
        for (int q = 1; q <= TAYLOR_DEGREE; q++) {
            term = multiply(term, b);
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < n; c++) {
                    term[i][c] /= q;
                    sum[i][c] += term[i][c];
                }
            }
        }
        for (int i = 0; i < s; i++) {
            sum = multiply(sum, sum);
        }
        return sum;
    }

    static double normInf(double[][] m) {
        double best = 0;
        for (double[] row : m) {
            double s = 0;
            for (double v : row) {
                s += Math.abs(v);
            }
            best = Math.max(best, s);
        }
        return best;
    }

    private static double[][] multiply(double[][] x, double[][] y) {
        int n = x.length;
        double[][] z = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < n; p++) {
                double v = x[i][p];
                for (int c = 0; c < n; c++) {
                    z[i][c] += v * y[p][c];
                }
            }
        }
        return z;
    }

    private static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = 1;
        }
        return m;
    }
}
