package io.tempora.model;

/**
 * The latent dynamics expanded at their fixed point {@code h*} ({@link FixedPoint}) to second order, reduced
 * to the few numbers a prediction's closed-form tail needs, so that a prediction can stop solving while its
 * state {@code h = h* + δ} is still a visible distance from {@code h*}. With {@code J = ∂f/∂h(h*)},
 * {@code g_k = ∇λ_k(h*)}, {@code G_k} the Hessian of {@code λ_k}, {@code F_w} that of {@code wᵀf},
 * {@code λ* = Σ_k λ_k*} and the flow {@code δ = δ₁ + δ₂}, {@code δ₁(u) = e^{Ju} δ₀} and {@code δ₂} its
 * second-order response, for {@code u} where {@code e^{Ju}} has died out (at least {@link #far()} past the
 * stop):
 * <pre>
 *   Λ_k(s₀+u) = Λ_k(s₀) + λ_k* u + c_k,          c_k = a_kᵀδ₀ + δ₀ᵀA_kδ₀,  a_k = −J⁻ᵀ g_k
 *   ∫₀^R S    ≈ S₀ e^{−c∞} [ (1 − e^{−λ* R})/λ* − bᵀδ₀ + δ₀ᵀ(½X + (ΣA_k − ΣZ_k)/λ*)δ₀ ],   c∞ = Σ_k c_k
 *   ∫₀^R λ_k S ≈ λ_k* ∫₀^R S + S₀ e^{−c∞} [ b_kᵀδ₀ + δ₀ᵀ(Z_k − X_k)δ₀ ]
 * </pre>
 * with {@code ρ = J⁻ᵀ Σ_k g_k}, {@code b = (λ*I − J)⁻ᵀ ρ}, {@code b_k = (λ*I − J)⁻ᵀ g_k} (Laplace transforms
 * of {@code e^{Ju}} at {@code λ*}) and the matrices {@code M_σ(C) = ∫₀^∞ e^{−σu} e^{Jᵀu} C e^{Ju} du}, which
 * solve {@code JᵀM + MJ − σM = −C}:
 * <pre>
 *   A_k = ½ M_0(F_{a_k} + G_k)        the second-order shift of Λ_k (δ₂ and λ_k's curvature over all time)
 *   Z_k = ½ M_λ*(F_{b_k} + G_k)       the same, weighted by e^{−λ*u} (what the survival sees)
 *   X   = M_λ*(ρ ρᵀ),  X_k = M_λ*(g_k ρᵀ)   the survival's own e^{−p} ≈ 1 − p + p²/2, p(u) = ρᵀe^{Ju}δ₀
 * </pre>
 * Each second-order term follows from one identity: for {@code φ = gᵀδ + ½δᵀGδ},
 * {@code ∫₀^∞ e^{−σu} φ du = gᵀ(σI − J)⁻¹δ₀ + ½ δ₀ᵀ M_σ(F_β + G) δ₀ + O(δ³)} with {@code β = (σI − J)⁻ᵀ g}
 * (the convolution that makes {@code δ₂} turns into {@code (σI − J)⁻¹}), and for the survival's
 * {@code ∫ e^{−λ*u} ∫_u^∞ φ} into {@code (Φ(0) − Φ(λ*))/λ*}. What the forms neglect is third order in
 * {@code δ₀} (and the survival's {@code p³}): {@link LinearisedTail#LINEAR_BAND} bounds it.
 *
 * <p>Why: the last stretch of a prediction, from {@code |δ|} of a few tenths down to the settling band,
 * is where an explicit method spends most of its steps (accuracy-limited along slowly decaying modes);
 * these forms replace them with a few dot products and {@code 2K + 1} quadratic forms. Computed once per
 * parameter version from central differences of the fused kernel (Jacobian) and second differences
 * (Hessians, {@code 2D(D+1)} evaluations) and dense solves; the Sylvester equations are solved as
 * {@code D² × D²} linear systems, two eliminations with several right-hand sides, so this is offered for
 * {@code D ≤} {@value #MAX_DIMENSION} only (D = 16 by default: 256 unknowns). Not thread-safe.
 */
final class TailLinearisation {

    /** Largest latent dimension for which the Sylvester systems ({@code D²} unknowns) are solved. */
    static final int MAX_DIMENSION = 32;
    /**
     * {@code ‖e^{J·far}‖∞} at most this: beyond {@link #far()} the finite-horizon terms (e.g.
     * {@code a_kᵀ e^{Ju} δ₀} in {@code Λ_k}) are below a hundredth of the first-order ones, themselves a
     * few tenths at most (the choice is checked in {@code docs/decisions.md}, 2026-12-02).
     */
    static final double DECAYED = 1e-2;
    /** Longest {@link #far()} tried (model units) before the linearisation is declared unusable. */
    static final double MAX_FAR = 500;
    /** The central-difference step of the Jacobian and gradients, relative to {@code max(1, |h*_j|)}. */
    static final double JACOBIAN_STEP = 1e-6;
    /** The second-difference step of the Hessians, relative to {@code max(1, |h*_j|)}. */
    static final double HESSIAN_STEP = 1e-4;
    /** Quadratic forms evaluated together in one pass over the pairs (eight sums in flight). */
    static final int BLOCK = 8;

    private final FusedDynamics kernel;
    private final int d;
    private final int k;
    private final double[][] jacobian;
    private final double[][] gradients;
    private final double[][] a;
    private final double[] b;
    private final double[][] bk;
    /**
     * The {@code 2K + 1} quadratic forms in blocks of {@value #BLOCK}, each block interleaved pair by pair:
     * {@code forms[(b·P + p)·8 + f]} is form {@code 8b + f}'s coefficient of the pair {@code p = (j ≤ l)}
     * ({@code P} pairs), off-diagonal entries doubled (the symmetric part is all a form sees). Form
     * {@code k} is {@code A_k}, form {@code K} the survival's, form {@code K + 1 + k} is {@code Z_k − X_k};
     * unused slots are zero. Interleaved so that one pass over the pairs feeds eight forms' own sums
     * (independent chains; see {@link #at}).
     */
    private final double[] forms;

    private final double[] formValues;
    private final int blocks;
    private final int pairCount;
    private final double[] shift;
    private final double[] typeCorrection;
    private double survivalCorrection;
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
        this.pairCount = d * (d + 1) / 2;
        this.blocks = (2 * k + 1 + BLOCK - 1) / BLOCK;
        this.forms = new double[blocks * pairCount * BLOCK];
        this.formValues = new double[blocks * BLOCK];
        this.shift = new double[k];
        this.typeCorrection = new double[k];
        this.f0 = new double[d];
        this.f1 = new double[d];
        this.l0 = new double[k];
        this.l1 = new double[k];
        this.probe = new double[d];
    }

    /**
     * Expands at {@code hStar} (an attracting fixed point with total intensity {@code lambdaStar});
     * returns whether the result is usable (dimension within {@link #MAX_DIMENSION}, systems not
     * singular, the linear flow decaying within {@link #MAX_FAR}). Allocates its dense systems.
     */
    boolean update(double[] hStar, double lambdaStar) {
        if (d > MAX_DIMENSION || !(lambdaStar > 0)) {
            return false;
        }
        for (int j = 0; j < d; j++) {
            double e = JACOBIAN_STEP * Math.max(1, Math.abs(hStar[j]));
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
        // ∂²f_i/∂h_j∂h_l and ∂²λ_m/∂h_j∂h_l at h*, needed only here (D³ doubles: not kept).
        double[][][] hessF = new double[d][d][d];
        double[][][] hessL = new double[k][d][d];
        hessians(hStar, hessF, hessL);
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
        // At the rate λ*: X, then X_k, then Z_k; over all time (σ = 0): A_k.
        double[][][] rateRhs = new double[1 + 2 * k][][];
        double[][][] zeroRhs = new double[k][][];
        rateRhs[0] = DenseSolve.outer(rho, rho);
        for (int m = 0; m < k; m++) {
            rateRhs[1 + m] = DenseSolve.outer(gradients[m], rho);
            rateRhs[1 + k + m] = curvature(bk[m], hessF, hessL[m]);
            zeroRhs[m] = curvature(a[m], hessF, hessL[m]);
        }
        double[][][] atRate = DenseSolve.sylvester(jacobian, lambdaStar, rateRhs);
        double[][][] atZero = DenseSolve.sylvester(jacobian, 0, zeroRhs);
        if (atRate == null || atZero == null) {
            return false;
        }
        double[][] survival = new double[d][d];
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                double v = 0.5 * atRate[0][r][c];
                for (int m = 0; m < k; m++) {
                    v += (atZero[m][r][c] - atRate[1 + k + m][r][c]) / lambdaStar;
                }
                survival[r][c] = v;
            }
        }
        for (int m = 0; m < k; m++) {
            pack(atZero[m], m);
            double[][] type = new double[d][d];
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < d; c++) {
                    type[r][c] = atRate[1 + k + m][r][c] - atRate[1 + m][r][c];
                }
            }
            pack(type, k + 1 + m);
        }
        pack(survival, k);
        far = DenseSolve.decayTime(jacobian, DECAYED, MAX_FAR);
        return Double.isFinite(far);
    }

    /**
     * The Hessians of f's components and of the intensities at {@code hStar} by second differences,
     * {@code [φ(+e_j+e_l) − φ(+e_j−e_l) − φ(−e_j+e_l) + φ(−e_j−e_l)] / (4 e_j e_l)} (for {@code j = l} the
     * usual three-point rule with step {@code 2e_j}); steps of 1e-4 relative balance the rule's
     * {@code O(e²)} error against rounding's {@code O(ε/e²)}, both ~1e-8.
     */
    private void hessians(double[] hStar, double[][][] hessF, double[][][] hessL) {
        double[] fpp = new double[d];
        double[] fpm = new double[d];
        double[] fmp = new double[d];
        double[] fmm = new double[d];
        double[] lpp = new double[k];
        double[] lpm = new double[k];
        double[] lmp = new double[k];
        double[] lmm = new double[k];
        for (int j = 0; j < d; j++) {
            double ej = HESSIAN_STEP * Math.max(1, Math.abs(hStar[j]));
            for (int l = j; l < d; l++) {
                double el = HESSIAN_STEP * Math.max(1, Math.abs(hStar[l]));
                displaced(hStar, j, ej, l, el, fpp, lpp);
                displaced(hStar, j, ej, l, -el, fpm, lpm);
                displaced(hStar, j, -ej, l, el, fmp, lmp);
                displaced(hStar, j, -ej, l, -el, fmm, lmm);
                double scale = 4 * ej * el;
                for (int i = 0; i < d; i++) {
                    double v = (fpp[i] - fpm[i] - fmp[i] + fmm[i]) / scale;
                    hessF[i][j][l] = v;
                    hessF[i][l][j] = v;
                }
                for (int m = 0; m < k; m++) {
                    double v = (lpp[m] - lpm[m] - lmp[m] + lmm[m]) / scale;
                    hessL[m][j][l] = v;
                    hessL[m][l][j] = v;
                }
            }
        }
    }

    private void displaced(double[] hStar, int j, double ej, int l, double el, double[] f, double[] lambda) {
        System.arraycopy(hStar, 0, probe, 0, d);
        probe[j] += ej;
        probe[l] += el;
        kernel.evaluate(probe, f, lambda);
    }

    /** {@code ½ (F_w + G)}: half the Hessian of {@code wᵀf + λ} at h*, given f's and λ's Hessians. */
    private double[][] curvature(double[] w, double[][][] hessF, double[][] hessLambda) {
        double[][] c = new double[d][d];
        for (int j = 0; j < d; j++) {
            for (int l = 0; l < d; l++) {
                double v = hessLambda[j][l];
                for (int i = 0; i < d; i++) {
                    v += w[i] * hessF[i][j][l];
                }
                c[j][l] = 0.5 * v;
            }
        }
        return c;
    }

    /** {@code m}'s symmetric part as form {@code form} of {@link #forms}. */
    private void pack(double[][] m, int form) {
        int p = (form / BLOCK) * pairCount;
        for (int j = 0; j < d; j++) {
            for (int l = j; l < d; l++) {
                forms[p++ * BLOCK + form % BLOCK] = j == l ? m[j][j] : m[j][l] + m[l][j];
            }
        }
    }

    /** Model units after which {@code ‖e^{Ju}‖∞ ≤} {@value #DECAYED} (after an {@link #update} that succeeded). */
    double far() {
        return far;
    }

    /**
     * Evaluates the forms at the deviation {@code δ}, for {@link #compensatorShift},
     * {@link #survivalCorrection} and {@link #typeDensityCorrection}. Allocates nothing.
     */
    void at(double[] delta) {
        // Eight sums per block, one per form, each fed once per pair: eight independent chains of D(D+1)/2
        // multiply-adds (one form at a time would be latency-bound on one chain).
        final double[] c = forms;
        final double[] v = formValues;
        int q = 0;
        for (int block = 0; block < blocks; block++) {
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            double s4 = 0;
            double s5 = 0;
            double s6 = 0;
            double s7 = 0;
            for (int j = 0; j < d; j++) {
                double dj = delta[j];
                for (int l = j; l < d; l++, q += BLOCK) {
                    double pair = dj * delta[l];
                    s0 += c[q] * pair;
                    s1 += c[q + 1] * pair;
                    s2 += c[q + 2] * pair;
                    s3 += c[q + 3] * pair;
                    s4 += c[q + 4] * pair;
                    s5 += c[q + 5] * pair;
                    s6 += c[q + 6] * pair;
                    s7 += c[q + 7] * pair;
                }
            }
            int o = block * BLOCK;
            v[o] = s0;
            v[o + 1] = s1;
            v[o + 2] = s2;
            v[o + 3] = s3;
            v[o + 4] = s4;
            v[o + 5] = s5;
            v[o + 6] = s6;
            v[o + 7] = s7;
        }
        for (int m = 0; m < k; m++) {
            shift[m] = dot(a[m], delta, d) + v[m];
            typeCorrection[m] = dot(bk[m], delta, d) + v[k + 1 + m];
        }
        survivalCorrection = -dot(b, delta, d) + v[k];
    }

    /** {@code c_k}: the shift of {@code Λ_k} the deviation leaves once it has decayed (at the last {@link #at}). */
    double compensatorShift(int type) {
        return shift[type];
    }

    /** The correction to {@code ∫₀^∞ e^{−λ*u} e^{−(c(u) − c∞)} du} (see the class comment; at the last {@link #at}). */
    double survivalCorrection() {
        return survivalCorrection;
    }

    /** The correction to {@code ∫ λ_k S} over {@code S₀ e^{−c∞}} (see the class comment; at the last {@link #at}). */
    double typeDensityCorrection(int type) {
        return typeCorrection[type];
    }

    /** {@code Σ_{j<n} u_j v_j} in four interleaved sums (independent chains the processor can overlap). */
    private static double dot(double[] u, double[] v, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += u[j] * v[j];
            s1 += u[j + 1] * v[j + 1];
            s2 += u[j + 2] * v[j + 2];
            s3 += u[j + 3] * v[j + 3];
        }
        for (; j < n; j++) {
            s0 += u[j] * v[j];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
