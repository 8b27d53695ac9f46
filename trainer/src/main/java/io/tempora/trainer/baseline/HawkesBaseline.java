package io.tempora.trainer.baseline;

/**
 * The exponential Hawkes baseline's time part: a self-exciting ground intensity, every event (whatever its type)
 * raising the rate of all that follow,
 * <pre>
 *   λ(t) = μ + α β Σ_{t_j &lt; t} e^{−β (t − t_j)}     (per second)
 * </pre>
 * with types drawn independently from the training frequencies ({@link TypeShares}). Under the likelihood
 * convention a sequence {@code t_0 ≤ … ≤ t_{m−1}} (its first event conditioned on, so it excites but is not
 * scored) has
 * <pre>
 *   ll = Σ_{i≥1} log(μ + α β R_i) − μ (t_{m−1} − t_0) − α Σ_j (1 − e^{−β (t_{m−1} − t_j)}),
 *   R_i = Σ_{j&lt;i} e^{−β (t_i − t_j)} = e^{−β (t_i − t_{i−1})} (R_{i−1} + 1),   R_0 = 0
 * </pre>
 * in O(m) through the recursion (Ozaki 1979), and so does its gradient, with {@code S_i = ∂R_i/∂β =
 * e^{−β Δ_i} (S_{i−1} − Δ_i (R_{i−1} + 1))}.
 *
 * <p><b>Why a ground intensity with marks, not a multivariate Hawkes.</b> It has three parameters whatever the
 * number of types, so it costs O(n) per likelihood and fits robustly on a few thousand events, where a
 * multivariate Hawkes has {@code K² + K} parameters (millions for thousands of types, and far more than small data
 * can fix). Its type part is the Poisson baseline's, so the two baselines differ only in time, which is what
 * a reader compares: whether the events' timing depends on their past. It does not capture which types excite
 * which; the neural model is there for that.
 *
 * <p>Fitted by maximum likelihood ({@link #fit}) in the log-parameters {@code (log μ, log α, log β)} (every
 * parameter positive, no constraint left), by BFGS from a few starting decays, the best kept: the likelihood is
 * not concave in {@code β}. {@code α} is not bounded by 1: on finite windows the likelihood is finite for any
 * {@code α}, and data that asks for {@code α ≥ 1} says something a bound would hide.
 *
 * @param mu    the base rate {@code μ}, per second, {@code > 0}
 * @param alpha the branching ratio {@code α} (expected events each event triggers), {@code > 0}
 * @param beta  the decay rate {@code β}, per second, {@code > 0}
 */
record HawkesBaseline(double mu, double alpha, double beta) {

    /** Iterations of one BFGS run. */
    static final int MAX_ITERATIONS = 500;

    /**
     * Convergence: the per-event NLL's gradient in the log-parameters below this, i.e. a change of a parameter by
     * a factor e moves the NLL by about 1e-7 nats per event, far below any figure printed.
     */
    static final double GRADIENT_TOLERANCE = 1e-7;

    /** Starting decays as multiples of the mean event rate: memories from ten gaps to a tenth of one. */
    private static final double[] START_DECAYS = {0.1, 1, 10};

    /** The starting branching ratio: half the events triggered. */
    private static final double START_ALPHA = 0.5;

    HawkesBaseline {
        for (double v : new double[] {mu, alpha, beta}) {
            if (!(v > 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("Hawkes parameters must be finite and > 0, got mu=" + mu + ", alpha="
                        + alpha + ", beta=" + beta);
            }
        }
    }

    /** The parameters from {@code (log μ, log α, log β)}. */
    static HawkesBaseline fromLog(double[] x) {
        return new HawkesBaseline(Math.exp(x[0]), Math.exp(x[1]), Math.exp(x[2]));
    }

    /** {@code (log μ, log α, log β)}. */
    double[] toLog() {
        return new double[] {Math.log(mu), Math.log(alpha), Math.log(beta)};
    }

    /** The time part's log-likelihood of sequence {@code times} (seconds since its first event). */
    double logLikelihood(double[] times) {
        return logLikelihood(times, null);
    }

    /**
     * The log-likelihood of every sequence of {@code h}; when {@code gradient} is not null, its gradient in
     * {@code (log μ, log α, log β)} is added into it.
     */
    double logLikelihood(Histories h, double[] gradient) {
        double ll = 0;
        for (int q = 0; q < h.size(); q++) {
            ll += logLikelihood(h.times(q), gradient);
        }
        return ll;
    }

    private double logLikelihood(double[] t, double[] gradient) {
        int m = t.length;
        if (m < 2) {
            return 0;
        }
        double end = t[m - 1];
        double ll = 0;
        double dMu = 0;
        double dAlpha = 0;
        double dBeta = 0;
        double r = 0;
        double s = 0;
        for (int i = 1; i < m; i++) {
            double gap = t[i] - t[i - 1];
            double decay = Math.exp(-beta * gap);
            s = decay * (s - gap * (r + 1)); // uses R_{i−1}
            r = decay * (r + 1);
            double lambda = mu + alpha * beta * r;
            ll += Math.log(lambda);
            dMu += 1 / lambda;
            dAlpha += beta * r / lambda;
            dBeta += alpha * (r + beta * s) / lambda;
        }
        ll -= mu * end;
        dMu -= end;
        for (int j = 0; j < m; j++) {
            double u = end - t[j];
            double w = -Math.expm1(-beta * u);
            ll -= alpha * w;
            dAlpha -= w;
            dBeta -= alpha * u * Math.exp(-beta * u);
        }
        if (gradient != null) {
            gradient[0] += mu * dMu;
            gradient[1] += alpha * dAlpha;
            gradient[2] += beta * dBeta;
        }
        return ll;
    }

    /**
     * The maximum-likelihood parameters on {@code h}.
     *
     * @throws IllegalArgumentException if there is no scored event or no time between events
     */
    static HawkesBaseline fit(Histories h) {
        double rate = PoissonBaseline.fit(h).ratePerSecond();
        double n = h.scoredEvents();
        Bfgs.Objective nllPerEvent = (x, gradient) -> {
            java.util.Arrays.fill(gradient, 0);
            HawkesBaseline p;
            try {
                p = fromLog(x);
            } catch (IllegalArgumentException overflow) {
                return Double.NaN;
            }
            double ll = p.logLikelihood(h, gradient);
            for (int i = 0; i < gradient.length; i++) {
                gradient[i] = -gradient[i] / n;
            }
            return -ll / n;
        };
        Bfgs.Result best = null;
        for (double decay : START_DECAYS) {
            double[] x0 = new HawkesBaseline((1 - START_ALPHA) * rate, START_ALPHA, decay * rate).toLog();
            Bfgs.Result r = Bfgs.minimise(nllPerEvent, x0, MAX_ITERATIONS, GRADIENT_TOLERANCE);
            if (best == null || r.value() < best.value()) {
                best = r;
            }
        }
        return fromLog(best.x());
    }
}
