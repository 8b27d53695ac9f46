package io.tempora.trainer.baseline;

/**
 * The homogeneous Poisson baseline's time part: a constant total rate {@code λ} per second. Under the likelihood
 * convention its log-likelihood is {@code n log λ − λ T} ({@code n} scored events, {@code T} the summed
 * first-to-last spans), maximised by {@code λ̂ = n / T}. Its type part is {@link TypeShares}.
 *
 * @param ratePerSecond the total rate {@code λ}, events per second, finite and {@code > 0}
 */
record PoissonBaseline(double ratePerSecond) {

    PoissonBaseline {
        if (!(ratePerSecond > 0) || !Double.isFinite(ratePerSecond)) {
            throw new IllegalArgumentException("the Poisson rate must be finite and > 0, got " + ratePerSecond);
        }
    }

    /**
     * The maximum-likelihood rate {@code n / T}.
     *
     * @throws IllegalArgumentException if there is no scored event or no time between events
     */
    static PoissonBaseline fit(Histories h) {
        if (h.scoredEvents() == 0 || !(h.exposure() > 0)) {
            throw new IllegalArgumentException("the training data has " + h.scoredEvents()
                    + " scored events over " + h.exposure() + " s; a rate needs at least one event after a"
                    + " sequence's first and some time between events");
        }
        return new PoissonBaseline(h.scoredEvents() / h.exposure());
    }

    /** The time part's log-likelihood of every sequence of {@code h}: {@code n log λ − λ T}. */
    double logLikelihood(Histories h) {
        return h.scoredEvents() * Math.log(ratePerSecond) - ratePerSecond * h.exposure();
    }

    /** The time part's log-likelihood of sequence {@code times} (seconds since its first event). */
    double logLikelihood(double[] times) {
        if (times.length < 2) {
            return 0;
        }
        return (times.length - 1) * Math.log(ratePerSecond) - ratePerSecond * times[times.length - 1];
    }
}
