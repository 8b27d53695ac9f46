package io.tempora.ode;

import java.util.Arrays;

/**
 * An explicit Runge–Kutta method as data, validated on construction.
 *
 * <pre>
 *   c_0 = 0 |
 *   c_1     | a_10
 *   c_2     | a_20 a_21
 *   ...     | ...
 *   --------+--------------------
 *           | b_0  b_1  ... b_{s-1}      (solution, order p)
 *           | bh_0 bh_1 ... bh_{s-1}     (embedded solution, order p̂; adaptive methods only)
 *
 *   k_i     = f(t + c_i h, y + h Σ_{j&lt;i} a_ij k_j)
 *   y1      = y + h Σ b_i k_i
 *   err     = y1 − ŷ1 = h Σ e_i k_i,  e_i = b_i − bh_i
 * </pre>
 *
 * <p>The method is FSAL (first same as last) when its last row of {@code A} equals {@code b} and
 * its last node is 1: the last stage is then {@code f(t+h, y1)}, the first stage of the next step.
 *
 * <p>Dense output (Hairer, Nørsett, Wanner, <i>Solving ODEs I</i>, §II.6):
 * <pre>
 *   y(t + θh) = y + h Σ_r B_r(θ) k_r,   B_r(θ) = Σ_{m=0}^{deg-1} P[r][m] θ^{m+1},   θ ∈ [0, 1]
 * </pre>
 * The rows {@code r} of {@code P} are the stages, plus for a method that is not FSAL one extra row
 * (index {@code s}) that multiplies {@code f(t+h, y1)}; FSAL methods have that vector as their
 * last stage already. When no coefficients are given, the cubic Hermite interpolant through
 * {@code y, y1, f(t,y), f(t+h,y1)} is used (third order). Validation checks that the rows of
 * {@code A} sum to {@code c}, the order conditions of {@code b} (and {@code bh}) up to the stated
 * order (trees up to order 5), and {@code B_r(1) = b_r}, {@code Σ_r B_r(θ) = θ} for the dense output.
 */
public final class ButcherTableau {

    private static final double TOLERANCE = 1e-12;

    private final String name;
    private final double[] c;
    private final double[][] a;
    private final double[] b;
    private final double[] bHat;
    private final double[] e;
    private final int order;
    private final int embeddedOrder;
    private final boolean fsal;
    private final double[][] dense;

    private ButcherTableau(
            String name,
            double[] c,
            double[][] a,
            double[] b,
            double[] bHat,
            int order,
            int embeddedOrder,
            double[][] dense) {
        this.name = name;
        int s = c.length;
        if (s == 0) {
            throw SolverException.invalid("tableau " + name + " has no stages");
        }
        if (a.length != s || b.length != s || (bHat != null && bHat.length != s)) {
            throw SolverException.invalid("tableau " + name + ": c, A, b and bHat must all have " + s + " rows");
        }
        this.c = c.clone();
        this.a = new double[s][];
        for (int i = 0; i < s; i++) {
            if (a[i].length > s) {
                throw SolverException.invalid("tableau " + name + ": row " + i + " of A is longer than " + s);
            }
            double[] row = Arrays.copyOf(a[i], i);
            for (int j = i; j < a[i].length; j++) {
                if (a[i][j] != 0) {
                    throw SolverException.invalid(
                            "tableau " + name + ": A[" + i + "][" + j + "] must be zero for an explicit method");
                }
            }
            this.a[i] = row;
        }
        this.b = b.clone();
        this.bHat = bHat == null ? null : bHat.clone();
        this.order = order;
        this.embeddedOrder = embeddedOrder;
        if (c[0] != 0) {
            throw SolverException.invalid("tableau " + name + ": c[0] must be 0, was " + c[0]);
        }
        for (int i = 0; i < s; i++) {
            double sum = 0;
            for (double v : this.a[i]) {
                sum += v;
            }
            if (Math.abs(sum - c[i]) > TOLERANCE * Math.max(1, Math.abs(c[i]))) {
                throw SolverException.invalid(
                        "tableau " + name + ": row " + i + " of A sums to " + sum + ", not c[" + i + "] = " + c[i]);
            }
        }
        if (order < 1 || order > 5) {
            throw SolverException.invalid("tableau " + name + ": order must be in 1..5, was " + order);
        }
        checkOrderConditions("b", this.b, order);
        if (this.bHat != null) {
            if (embeddedOrder < 1 || embeddedOrder > 5 || embeddedOrder == order) {
                throw SolverException.invalid("tableau " + name + ": embedded order must be in 1..5 and differ"
                        + " from the order " + order + ", was " + embeddedOrder);
            }
            checkOrderConditions("bHat", this.bHat, embeddedOrder);
            this.e = new double[s];
            for (int i = 0; i < s; i++) {
                e[i] = this.b[i] - this.bHat[i];
            }
        } else {
            this.e = null;
        }
        boolean lastRowIsB = s > 1 && c[s - 1] == 1.0;
        for (int j = 0; lastRowIsB && j < s - 1; j++) {
            lastRowIsB = this.a[s - 1][j] == this.b[j];
        }
        this.fsal = lastRowIsB && this.b[s - 1] == 0;
        this.dense = dense == null ? hermite() : validDense(dense);
    }

    /**
     * An adaptive method with an embedded error estimator.
     *
     * @param dense the dense-output polynomial coefficients {@code P} (see the class comment), or null
     *              for cubic Hermite interpolation
     */
    public static ButcherTableau adaptive(
            String name,
            double[] c,
            double[][] a,
            double[] b,
            double[] bHat,
            int order,
            int embeddedOrder,
            double[][] dense) {
        if (bHat == null) {
            throw SolverException.invalid("tableau " + name + ": an adaptive method needs bHat");
        }
        return new ButcherTableau(name, c, a, b, bHat, order, embeddedOrder, dense);
    }

    /** A fixed-step method (no error estimator), with cubic Hermite dense output. */
    public static ButcherTableau fixed(String name, double[] c, double[][] a, double[] b, int order) {
        return new ButcherTableau(name, c, a, b, null, order, 0, null);
    }

    private void checkOrderConditions(String which, double[] w, int p) {
        int s = c.length;
        double[] ac = mulA(c);
        double[] c2 = new double[s];
        double[] c3 = new double[s];
        double[] cAc = new double[s];
        for (int i = 0; i < s; i++) {
            c2[i] = c[i] * c[i];
            c3[i] = c2[i] * c[i];
            cAc[i] = c[i] * ac[i];
        }
        double[] ac2 = mulA(c2);
        double[] aac = mulA(ac);
        // One condition per rooted tree: Σ w_i Φ_i(tree) = 1 / γ(tree).
        check(which, 1, p, dot(w, ones(s)), 1.0);
        check(which, 2, p, dot(w, c), 1.0 / 2);
        check(which, 3, p, dot(w, c2), 1.0 / 3);
        check(which, 3, p, dot(w, ac), 1.0 / 6);
        check(which, 4, p, dot(w, c3), 1.0 / 4);
        check(which, 4, p, dot(w, cAc), 1.0 / 8);
        check(which, 4, p, dot(w, ac2), 1.0 / 12);
        check(which, 4, p, dot(w, aac), 1.0 / 24);
        if (p >= 5) {
            double[] c4 = new double[s];
            double[] c2Ac = new double[s];
            double[] acSq = new double[s];
            double[] cAc2 = new double[s];
            double[] cAAc = new double[s];
            for (int i = 0; i < s; i++) {
                c4[i] = c3[i] * c[i];
                c2Ac[i] = c2[i] * ac[i];
                acSq[i] = ac[i] * ac[i];
                cAc2[i] = c[i] * ac2[i];
                cAAc[i] = c[i] * aac[i];
            }
            check(which, 5, p, dot(w, c4), 1.0 / 5);
            check(which, 5, p, dot(w, c2Ac), 1.0 / 10);
            check(which, 5, p, dot(w, acSq), 1.0 / 20);
            check(which, 5, p, dot(w, cAc2), 1.0 / 15);
            check(which, 5, p, dot(w, cAAc), 1.0 / 30);
            check(which, 5, p, dot(w, mulA(c3)), 1.0 / 20);
            check(which, 5, p, dot(w, mulA(cAc)), 1.0 / 40);
            check(which, 5, p, dot(w, mulA(ac2)), 1.0 / 60);
            check(which, 5, p, dot(w, mulA(aac)), 1.0 / 120);
        }
    }

    private void check(String which, int treeOrder, int p, double value, double expected) {
        // Decimal tableaux (Tsitouras) satisfy their conditions only to ~1e-14.
        if (treeOrder <= p && Math.abs(value - expected) > 1e-10) {
            throw SolverException.invalid("tableau " + name + ": weights " + which + " violate an order-"
                    + treeOrder + " condition (" + value + " instead of " + expected + ") although order "
                    + p + " was claimed");
        }
    }

    private double[] mulA(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < i; j++) {
                r[i] += a[i][j] * v[j];
            }
        }
        return r;
    }

    private static double dot(double[] x, double[] y) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += x[i] * y[i];
        }
        return sum;
    }

    private static double[] ones(int n) {
        double[] r = new double[n];
        Arrays.fill(r, 1.0);
        return r;
    }

    private double[][] hermite() {
        int s = c.length;
        int rows = denseRows();
        int end = rows - 1;
        double[][] p = new double[rows][3];
        // y(θ) = y + h[(3θ²−2θ³) Σ b_r k_r + (θ−2θ²+θ³) k_0 + (θ³−θ²) f(t+h, y1)]
        for (int r = 0; r < s; r++) {
            p[r][1] = 3 * b[r];
            p[r][2] = -2 * b[r];
        }
        p[0][0] += 1;
        p[0][1] += -2;
        p[0][2] += 1;
        p[end][1] += -1;
        p[end][2] += 1;
        return p;
    }

    private double[][] validDense(double[][] given) {
        int rows = denseRows();
        if (given.length != rows) {
            throw SolverException.invalid("tableau " + name + ": dense output needs " + rows + " rows (stages"
                    + (fsal ? "" : " plus f(t+h, y1)") + "), got " + given.length);
        }
        int degree = given[0].length;
        double[][] p = new double[rows][degree];
        double[] columnSums = new double[degree];
        for (int r = 0; r < rows; r++) {
            if (given[r].length > degree) {
                throw SolverException.invalid("tableau " + name + ": dense row " + r + " is longer than row 0");
            }
            System.arraycopy(given[r], 0, p[r], 0, given[r].length);
            double sum = 0;
            for (int m = 0; m < degree; m++) {
                sum += p[r][m];
                columnSums[m] += p[r][m];
            }
            double expected = r < b.length ? b[r] : 0;
            if (Math.abs(sum - expected) > 1e-12) {
                throw SolverException.invalid(
                        "tableau " + name + ": dense row " + r + " gives B(1) = " + sum + ", not b = " + expected);
            }
        }
        for (int m = 0; m < degree; m++) {
            if (Math.abs(columnSums[m] - (m == 0 ? 1 : 0)) > 1e-12) {
                throw SolverException.invalid("tableau " + name + ": dense output is inconsistent: Σ_r B_r(θ)"
                        + " must equal θ, but the θ^" + (m + 1) + " coefficients sum to " + columnSums[m]);
            }
        }
        return p;
    }

    /** The method's name, e.g. {@code "Dormand–Prince 5(4)"}. */
    public String name() {
        return name;
    }

    /** Number of stages {@code s}. */
    public int stages() {
        return c.length;
    }

    /** The nodes {@code c} (a copy). */
    public double[] c() {
        return c.clone();
    }

    /** Node {@code c_i}. */
    public double c(int i) {
        return c[i];
    }

    /** The coefficient matrix {@code A} as an s×s array, zero on and above the diagonal (a copy). */
    public double[][] a() {
        double[][] r = new double[c.length][c.length];
        for (int i = 0; i < c.length; i++) {
            System.arraycopy(a[i], 0, r[i], 0, i);
        }
        return r;
    }

    /** Coefficient {@code a_ij}; zero for {@code j >= i}. */
    public double a(int i, int j) {
        return j < i ? a[i][j] : 0.0;
    }

    /** The solution weights {@code b} (a copy). */
    public double[] b() {
        return b.clone();
    }

    /** The embedded weights {@code bh} (a copy), or null for a fixed-step method. */
    public double[] bHat() {
        return bHat == null ? null : bHat.clone();
    }

    /** The error weights {@code e = b − bh} (a copy), or null for a fixed-step method. */
    public double[] errorWeights() {
        return e == null ? null : e.clone();
    }

    /** Whether the method has an embedded error estimator. */
    public boolean adaptive() {
        return e != null;
    }

    /** The order {@code p} of the solution. */
    public int order() {
        return order;
    }

    /** The order of the embedded solution, 0 for a fixed-step method. */
    public int embeddedOrder() {
        return embeddedOrder;
    }

    /** Whether the last stage is {@code f(t+h, y1)} (first same as last). */
    public boolean fsal() {
        return fsal;
    }

    /** Number of rows of the dense-output coefficients: {@code s} if FSAL, else {@code s + 1}. */
    public int denseRows() {
        return fsal ? c.length : c.length + 1;
    }

    /** The degree in {@code θ} of the dense output ({@link DenseOutput#polynomial}). */
    public int denseDegree() {
        return dense[0].length;
    }

    /** The dense-output coefficients {@code P[r][m]} of {@code θ^{m+1}} (a copy). */
    public double[][] denseCoefficients() {
        double[][] r = new double[dense.length][];
        for (int i = 0; i < dense.length; i++) {
            r[i] = dense[i].clone();
        }
        return r;
    }

    // Raw views for the solver: never handed out.
    double[][] rawA() {
        return a;
    }

    double[] rawB() {
        return b;
    }

    double[] rawC() {
        return c;
    }

    double[] rawE() {
        return e;
    }

    double[][] rawDense() {
        return dense;
    }

    @Override
    public String toString() {
        return "ButcherTableau[" + name + ", s=" + c.length + ", order=" + order
                + (e == null ? "" : "(" + embeddedOrder + ")") + (fsal ? ", FSAL" : "") + "]";
    }
}
