package io.tempora.model;

/**
 * The latent dynamics linearised at their fixed point {@code h*} ({@link FixedPoint}), reduced to the
 * few numbers a prediction's closed-form tail needs, so that a prediction can stop solving while its
 * state {@code h = h* + δ} is still a visible distance from {@code h*}. With {@code J = ∂f/∂h(h*)},
 * {@code g_k = ∇λ_k(h*)}, {@code λ* = Σ_k λ_k*} and the linear flow {@code δ(u) = e^{Ju} δ₀}, for
 * {@code u} where {@code e^{Ju}} has died out (at least {@link #far()} past the stop):
 * <pre>
 *   Λ_k(s₀+u) = Λ_k(s₀) + λ_k* u + a_kᵀ δ₀,            a_k = −J⁻ᵀ g_k
 *   S(s₀+u)  = S₀ e^{−c∞} e^{−λ* u} e^{−p(u)},           c∞ = Σ_k a_kᵀ δ₀,  p(u) = ρᵀ e^{Ju} δ₀,  ρ = J⁻ᵀ Σ_k g_k
 *   ∫₀^R S    ≈ S₀ e^{−c∞} [ (1 − e^{−λ* R})/λ* − bᵀδ₀ + ½ δ₀ᵀ X δ₀ ]
 *   ∫₀^R λ_k S ≈ λ_k* ∫₀^R S + S₀ e^{−c∞} [ b_kᵀ δ₀ − δ₀ᵀ X_k δ₀ ]
 * </pre>
 * with {@code b = (λ*I − J)⁻ᵀ ρ}, {@code b_k = (λ*I − J)⁻ᵀ g_k} (Laplace transforms of {@code e^{Ju}} at
 * {@code λ*}) and the second-order terms of {@code e^{−p} ≈ 1 − p + p²/2}:
 * <pre>
 *   X   = ∫₀^∞ e^{−λ* u} e^{Jᵀu} ρ ρᵀ e^{Ju} du     solves  JᵀX + XJ − λ* X = −ρ ρᵀ
 *   X_k = ∫₀^∞ e^{−λ* u} e^{Jᵀu} g_k ρᵀ e^{Ju} du   solves  JᵀX_k + X_k J − λ* X_k = −g_k ρᵀ
 * </pre>
 * ({@code p(0) = −c∞}, a tenth or two where it is used, and {@code p} decays with the flow, so the
 * neglected third order is of order 1e-3 of the tail integrals, which the survival {@code S₀} multiplies
 * further). What the linearisation itself neglects is second order in {@code δ₀}:
 * {@link StreamingScorer#LINEAR_BAND} bounds it.
 *
 * <p>Why: the last stretch of a prediction, from {@code |δ|} around a tenth down to the settling band,
 * is where an explicit method spends most of its steps (accuracy-limited along slowly decaying modes);
 * these forms replace them with a few dot products. Computed once per parameter version from
 * central differences of the fused kernel and dense solves; the Sylvester equations are solved as
 * {@code D² × D²} linear systems, so the linearisation is offered for {@code D ≤} {@value #MAX_DIMENSION}
 * only (D = 16 by default: 256 unknowns). Not thread-safe.
 */
final class TailLinearisation {

    /** Largest latent dimension for which the Sylvester systems ({@code D²} unknowns) are solved. */
    static final int MAX_DIMENSION = 32;
    /**
     * {@code ‖e^{J·far}‖∞} at most this: beyond {@link #far()} the finite-horizon terms (e.g.
     * {@code a_kᵀ e^{Ju} δ₀} in {@code Λ_k}) are below a hundredth of the first-order ones, themselves a
     * few tenths at most. On the event benchmark's model far is ~40 model units (the slowest mode decays
     * at 0.15 per unit); a probe with far fixed at 30 and at 40 gave the same differences to the tight
     * solve.
     */
    static final double DECAYED = 1e-2;
    /** Longest {@link #far()} tried (model units) before the linearisation is declared unusable. */
    static final double MAX_FAR = 500;

    private final FusedDynamics kernel;
    private final int d;
    private final int k;
    private final double[][] jacobian;
    private final double[][] gradients;
    private final double[][] a;
    private final double[] b;
    private final double[][] bk;
    private final double[][] x;
    private final double[][][] xk;
    private final double[] f0;
    private final double[] f1;
    private final double[] l0;
    private final double[] l1;
    private final double[] probe;
    private double far;

    TailLinearisation(FusedDynamics kernel, int latentDim, int numTypes) {
        this.kernel = kernel;
        this.d = latentDim;
        this.k = numTypes;
        this.jacobian = new double[d][d];
        this.gradients = new double[k][d];
        this.a = new double[k][d];
        this.b = new double[d];
        this.bk = new double[k][d];
        this.x = new double[d][d];
        this.xk = new double[k][d][d];
        this.f0 = new double[d];
        this.f1 = new double[d];
        this.l0 = new double[k];
        this.l1 = new double[k];
        this.probe = new double[d];
    }

    /**
     * Linearises at {@code hStar} (an attracting fixed point with total intensity {@code lambdaStar});
     * returns whether the result is usable (dimension within {@link #MAX_DIMENSION}, systems not
     * singular, the linear flow decaying within {@link #MAX_FAR}). Allocates its dense systems.
     */
    boolean update(double[] hStar, double lambdaStar) {
        if (d > MAX_DIMENSION || !(lambdaStar > 0)) {
            return false;
        }
        for (int j = 0; j < d; j++) {
            double e = 1e-6 * Math.max(1, Math.abs(hStar[j]));
            System.arraycopy(hStar, 0, probe, 0, d);
            probe[j] = hStar[j] + e;
            kernel.evaluate(probe, f1, l1);
            probe[j] = hStar[j] - e;
            kernel.evaluate(probe, f0, l0);
            for (int i = 0; i < d; i++) {
                jacobian[i][j] = (f1[i] - f0[i]) / (2 * e);
            }
            for (int m = 0; m < k; m++) {
                gradients[m][j] = (l1[m] - l0[m]) / (2 * e);
            }
        }
        double[][] jt = new double[d][d];
        double[][] shiftedT = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                jt[i][j] = jacobian[j][i];
                shiftedT[i][j] = (i == j ? lambdaStar : 0) - jacobian[j][i];
            }
        }
        double[] gsum = new double[d];
        for (int m = 0; m < k; m++) {
            double[] r = DenseSolve.solve(jt, gradients[m]);
            double[] s = DenseSolve.solve(shiftedT, gradients[m]);
            if (r == null || s == null) {
                return false;
            }
            for (int j = 0; j < d; j++) {
                a[m][j] = -r[j];
                bk[m][j] = s[j];
                gsum[j] += gradients[m][j];
            }
        }
        double[] rho = DenseSolve.solve(jt, gsum);
        double[] bRho = rho == null ? null : DenseSolve.solve(shiftedT, rho);
        if (bRho == null) {
            return false;
        }
        System.arraycopy(bRho, 0, b, 0, d);
        if (!DenseSolve.sylvester(jacobian, lambdaStar, rho, rho, x)) {
            return false;
        }
        for (int m = 0; m < k; m++) {
            if (!DenseSolve.sylvester(jacobian, lambdaStar, gradients[m], rho, xk[m])) {
                return false;
            }
        }
        far = DenseSolve.decayTime(jacobian, DECAYED, MAX_FAR);
        return Double.isFinite(far);
    }

    /** Model units after which {@code ‖e^{Ju}‖∞ ≤} {@value #DECAYED} (after an {@link #update} that succeeded). */
    double far() {
        return far;
    }

    /** {@code a_kᵀ δ}: the shift of {@code Λ_k} the deviation {@code δ} leaves once it has decayed. */
    double compensatorShift(int type, double[] delta) {
        return dot(a[type], delta);
    }

    /** {@code −bᵀδ + ½ δᵀXδ}: the correction to {@code ∫₀^∞ e^{−λ*u} e^{−p(u)} du} (see the class comment). */
    double survivalCorrection(double[] delta) {
        return -dot(b, delta) + 0.5 * quadratic(x, delta);
    }

    /** {@code b_kᵀδ − δᵀX_kδ}: the correction to {@code ∫ λ_k S} over {@code S₀ e^{−c∞}}. */
    double typeDensityCorrection(int type, double[] delta) {
        return dot(bk[type], delta) - quadratic(xk[type], delta);
    }

    private double dot(double[] u, double[] v) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            s += u[j] * v[j];
        }
        return s;
    }

    private double quadratic(double[][] m, double[] v) {
        double s = 0;
        for (int i = 0; i < d; i++) {
            s += v[i] * dot(m[i], v);
        }
        return s;
    }
}
