package io.tempora.pp;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Multivariate (marked) Hawkes process with sums of exponential kernels (Hawkes 1971):
 * <pre>
 *   lambda_k(t) = mu_k + sum_{t_i &lt; t} sum_m alpha_m[k][k_i] beta_m exp(-beta_m (t - t_i))
 * </pre>
 * {@code alpha_m[k][j]} is the expected number of type-{@code k} children of one type-{@code j} event through
 * kernel {@code m}; the branching matrix is {@code A = sum_m alpha_m}, and when its spectral radius is below 1
 * the stationary rates are {@code (I - A)^{-1} mu}.
 *
 * <p>The filter keeps {@code R_m[k] = sum_i alpha_m[k][k_i] beta_m exp(-beta_m (t_last - t_i))} and decays it
 * from event to event (Ozaki 1979), so observing an event costs O(M K) and:
 * <pre>
 *   lambda_k(t)       = mu_k + sum_m R_m[k] e^{-beta_m (t - t_last)}
 *   Lambda(t_last, t) = sum_k mu_k (t - t_last) + sum_{m,k} R_m[k] (1 - e^{-beta_m (t - t_last)}) / beta_m
 * </pre>
 * Simulation by Ogata's (1981) thinning: the intensity does not increase between events, so its value just
 * after the current point bounds it until the next event.
 *
 * <p>Immutable and thread-safe; its filters are not.
 */
public final class ExponentialHawkes implements PointProcess {

    private final double[] mu;
    private final double[][][] alpha; // [m][k][j]
    private final double[] beta;
    private final int numTypes;

    /**
     * @param mu    baseline rates {@code mu_k >= 0}, not all zero
     * @param alpha per kernel {@code m}, a {@code K x K} matrix of non-negative branching weights
     * @param beta  per kernel {@code m}, decay rate {@code > 0}
     */
    public ExponentialHawkes(double[] mu, double[][][] alpha, double[] beta) {
        this.numTypes = mu.length;
        if (numTypes < 1 || alpha.length != beta.length || beta.length < 1) {
            throw new IllegalArgumentException("need K >= 1 baselines and one alpha matrix per beta; got K=" + numTypes
                    + ", " + alpha.length + " alpha matrices, " + beta.length + " betas");
        }
        double total = 0;
        for (int k = 0; k < numTypes; k++) {
            if (!(mu[k] >= 0) || !Double.isFinite(mu[k])) {
                throw new IllegalArgumentException("mu[" + k + "] must be finite and >= 0, got " + mu[k]);
            }
            total += mu[k];
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("at least one baseline rate mu_k must be > 0");
        }
        this.mu = mu.clone();
        this.beta = beta.clone();
        this.alpha = new double[alpha.length][numTypes][];
        for (int m = 0; m < alpha.length; m++) {
            Checks.positive("beta[" + m + "]", beta[m]);
            if (alpha[m].length != numTypes) {
                throw new IllegalArgumentException(
                        "alpha[" + m + "] has " + alpha[m].length + " rows, expected " + numTypes);
            }
            for (int k = 0; k < numTypes; k++) {
                if (alpha[m][k].length != numTypes) {
                    throw new IllegalArgumentException(
                            "alpha[" + m + "][" + k + "] has " + alpha[m][k].length + " entries, expected " + numTypes);
                }
                for (int j = 0; j < numTypes; j++) {
                    double a = alpha[m][k][j];
                    if (!(a >= 0) || !Double.isFinite(a)) {
                        throw new IllegalArgumentException(
                                "alpha[" + m + "][" + k + "][" + j + "] must be finite and >= 0, got " + a);
                    }
                }
                this.alpha[m][k] = alpha[m][k].clone();
            }
        }
    }

    /** Univariate Hawkes with kernel {@code sum_m alpha_m beta_m e^{-beta_m s}}. */
    public static ExponentialHawkes univariate(double mu, double[] alphas, double[] betas) {
        if (alphas.length != betas.length) {
            throw new IllegalArgumentException(alphas.length + " alphas but " + betas.length + " betas");
        }
        double[][][] a = new double[alphas.length][1][1];
        for (int m = 0; m < alphas.length; m++) {
            a[m][0][0] = alphas[m];
        }
        return new ExponentialHawkes(new double[] {mu}, a, betas);
    }

    /** Univariate Hawkes with one kernel {@code alpha beta e^{-beta s}}. */
    public static ExponentialHawkes univariate(double mu, double alpha, double beta) {
        return univariate(mu, new double[] {alpha}, new double[] {beta});
    }

    /** Multivariate Hawkes with one decay: kernels {@code alpha[k][j] beta e^{-beta s}}. */
    public static ExponentialHawkes multivariate(double[] mu, double[][] alpha, double beta) {
        return new ExponentialHawkes(mu, new double[][][] {alpha}, new double[] {beta});
    }

    @Override
    public int numTypes() {
        return numTypes;
    }

    /** A copy of the baseline rates. */
    public double[] mu() {
        return mu.clone();
    }

    /** A copy of the decay rates, one per kernel. */
    public double[] beta() {
        return beta.clone();
    }

    /** A copy of kernel {@code m}'s branching weights {@code alpha_m[k][j]}. */
    public double[][] alpha(int m) {
        double[][] copy = new double[numTypes][];
        for (int k = 0; k < numTypes; k++) {
            copy[k] = alpha[m][k].clone();
        }
        return copy;
    }

    /** The branching matrix {@code A = sum_m alpha_m}. */
    public double[][] branchingMatrix() {
        double[][] a = new double[numTypes][numTypes];
        for (double[][] am : alpha) {
            for (int k = 0; k < numTypes; k++) {
                for (int j = 0; j < numTypes; j++) {
                    a[k][j] += am[k][j];
                }
            }
        }
        return a;
    }

    /**
     * The stationary rates {@code (I - A)^{-1} mu}, by Gaussian elimination with partial pivoting. For a
     * non-negative {@code A} the spectral radius is below 1 exactly when {@code I - A} is a non-singular
     * M-matrix, i.e. when {@code (I - A)^{-1}} exists and is entrywise non-negative; that is what is checked.
     *
     * @throws IllegalStateException if the process is not stationary (it explodes)
     */
    public double[] stationaryRates() {
        double[][] a = branchingMatrix();
        int k = numTypes;
        double[][] m = new double[k][2 * k]; // [I - A | I]
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                m[i][j] = (i == j ? 1 : 0) - a[i][j];
            }
            m[i][k + i] = 1;
        }
        for (int c = 0; c < k; c++) {
            int pivot = c;
            for (int r = c + 1; r < k; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
                    pivot = r;
                }
            }
            if (Math.abs(m[pivot][c]) < 1e-14) {
                throw new IllegalStateException(
                        "I - A is singular: the branching matrix has spectral radius 1, no stationary rates");
            }
            double[] tmp = m[c];
            m[c] = m[pivot];
            m[pivot] = tmp;
            for (int r = 0; r < k; r++) {
                if (r != c) {
                    double f = m[r][c] / m[c][c];
                    for (int j = c; j < 2 * k; j++) {
                        m[r][j] -= f * m[c][j];
                    }
                }
            }
        }
        double[] rates = new double[k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double inv = m[i][k + j] / m[i][i];
                if (inv < -1e-12) {
                    throw new IllegalStateException("the branching matrix has spectral radius >= 1 ((I - A)^{-1} has a"
                            + " negative entry): the process is not stationary and has no stationary rates");
                }
                rates[i] += inv * mu[j];
            }
        }
        return rates;
    }

    @Override
    public ConditionalIntensity start() {
        return new State(0, 0, new double[beta.length][numTypes]);
    }

    @Override
    public String toString() {
        return "ExponentialHawkes[mu=" + Arrays.toString(mu) + ", alpha=" + Arrays.deepToString(alpha) + ", beta="
                + Arrays.toString(beta) + "]";
    }

    private final class State implements ConditionalIntensity {
        private double time;
        private int count;
        private final double[][] excitation; // R_m[k] at time

        State(double time, int count, double[][] excitation) {
            this.time = time;
            this.count = count;
            this.excitation = excitation;
        }

        @Override
        public int numTypes() {
            return numTypes;
        }

        @Override
        public double time() {
            return time;
        }

        @Override
        public int count() {
            return count;
        }

        @Override
        public double intensity(int type, double t) {
            Checks.type(type, numTypes);
            Checks.notBefore(t, time);
            double s = t - time;
            double v = mu[type];
            for (int m = 0; m < beta.length; m++) {
                v += excitation[m][type] * Math.exp(-beta[m] * s);
            }
            return v;
        }

        @Override
        public double totalIntensity(double t) {
            Checks.notBefore(t, time);
            double s = t - time;
            double v = 0;
            for (int k = 0; k < numTypes; k++) {
                v += mu[k];
            }
            for (int m = 0; m < beta.length; m++) {
                double decay = Math.exp(-beta[m] * s);
                for (int k = 0; k < numTypes; k++) {
                    v += excitation[m][k] * decay;
                }
            }
            return v;
        }

        @Override
        public double compensator(double t) {
            Checks.notBefore(t, time);
            double s = t - time;
            double v = 0;
            for (int k = 0; k < numTypes; k++) {
                v += mu[k] * s;
            }
            for (int m = 0; m < beta.length; m++) {
                double w = -Math.expm1(-beta[m] * s) / beta[m];
                for (int k = 0; k < numTypes; k++) {
                    v += excitation[m][k] * w;
                }
            }
            return v;
        }

        @Override
        public void observe(double t, int type) {
            Checks.event(t, type, time, numTypes);
            double s = t - time;
            for (int m = 0; m < beta.length; m++) {
                double decay = Math.exp(-beta[m] * s);
                double jump = beta[m];
                for (int k = 0; k < numTypes; k++) {
                    excitation[m][k] = excitation[m][k] * decay + alpha[m][k][type] * jump;
                }
            }
            time = t;
            count++;
        }

        @Override
        public Event sampleNext(RandomGenerator rng, double horizon) {
            double t = time;
            double bound = totalIntensity(t);
            while (true) {
                t += rng.nextExponential() / bound;
                if (t > horizon) {
                    return null;
                }
                double total = totalIntensity(t);
                double u = rng.nextDouble() * bound;
                if (u < total) {
                    // u is uniform on [0, total) given acceptance: reuse it to pick the type in proportion to lambda_k
                    double acc = 0;
                    for (int k = 0; k < numTypes - 1; k++) {
                        acc += intensity(k, t);
                        if (u < acc) {
                            return new Event(t, k);
                        }
                    }
                    return new Event(t, numTypes - 1);
                }
                bound = total;
            }
        }

        @Override
        public ConditionalIntensity copy() {
            double[][] r = new double[excitation.length][];
            for (int m = 0; m < r.length; m++) {
                r[m] = excitation[m].clone();
            }
            return new State(time, count, r);
        }
    }
}
