package io.tempora.trainer.service;

import io.tempora.data.EventSequence;
import java.util.List;

/**
 * The homogeneous (marked) Poisson process fitted by maximum likelihood under the evaluate convention: each
 * sequence's first event conditioned on, the exposure from its first to its last event, time in seconds. The MLE of
 * type k's rate is {@code n_k / Σ (T − t₁)} over the scored events; its NLL per scored event on data is
 * {@code −(Σ log λ_{k_i} − λ Σ (T − t₁)) / n}.
 */
final class PoissonBaseline {

    private final double[] rates;

    private PoissonBaseline(double[] rates) {
        this.rates = rates;
    }

    /** The MLE on {@code sequences} (times in milliseconds, types below {@code numTypes}). */
    static PoissonBaseline fit(List<EventSequence> sequences, int numTypes) {
        double[] counts = new double[numTypes];
        double exposure = 0;
        for (EventSequence s : sequences) {
            for (int i = 1; i < s.size(); i++) {
                counts[s.type(i)]++;
            }
            exposure += seconds(s);
        }
        double[] rates = new double[numTypes];
        for (int k = 0; k < numTypes; k++) {
            rates[k] = counts[k] / exposure;
        }
        return new PoissonBaseline(rates);
    }

    /** Its NLL per scored event on {@code sequences}, nats. */
    double nllPerEvent(List<EventSequence> sequences) {
        double total = 0;
        for (double r : rates) {
            total += r;
        }
        double ll = 0;
        long n = 0;
        for (EventSequence s : sequences) {
            for (int i = 1; i < s.size(); i++) {
                ll += Math.log(rates[s.type(i)]);
                n++;
            }
            ll -= total * seconds(s);
        }
        return -ll / n;
    }

    private static double seconds(EventSequence s) {
        return s.isEmpty() ? 0 : (s.time(s.size() - 1) - s.time(0)) / 1000;
    }
}
