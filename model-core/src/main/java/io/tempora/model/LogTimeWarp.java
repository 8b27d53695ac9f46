package io.tempora.model;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import java.util.ArrayList;
import java.util.List;

/**
 * A fixed monotone warp of the time since the last event, so that a gap of a year costs the ODE solver about what a
 * gap of a few scales does: between events the model runs in warped time
 * <pre>
 *   w(τ) = c · log(1 + τ / c)          (τ: data time since the last event; c: the warp's scale)
 * </pre>
 * which is the identity for gaps well below {@code c} and logarithmic above it (a gap of {@code 1000 c} becomes
 * {@code 6.9 c}). Each event's warped time is its predecessor's plus the warped gap, so a history maps one to one
 * onto a warped history, and the model fitted to the warped history is a point process in data time with
 * <pre>
 *   λ(t) = λ̃(w(τ)) · w'(τ),   w'(τ) = 1 / (1 + τ / c),   Λ(t_{i−1}, t_i) = Λ̃(w(τ_i))
 * </pre>
 * (a change of variable leaves the compensator unchanged). Its exact log-likelihood in data time is the warped
 * history's plus the Jacobian term {@code Σ_i log w'(τ_i) = −Σ_i log(1 + τ_i / c)} over the scored events
 * ({@link #logJacobian}), which has no parameter: training on the warped history maximises the data-time
 * likelihood. The intensity in data time then falls as {@code 1 / τ} past {@code c} unless the state says
 * otherwise, the hazard shape of heavy-tailed gaps.
 *
 * @param scale {@code c}, in the data's time unit, finite and {@code > 0}
 */
public record LogTimeWarp(double scale) {

    public LogTimeWarp {
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("the warp's scale must be finite and > 0, got " + scale);
        }
    }

    /** {@code w(τ)}. */
    public double warp(double gap) {
        return scale * Math.log1p(gap / scale);
    }

    /** The history in warped time: each sequence's first event where it was, every later one at its warped gap. */
    public EventSequence warp(EventSequence s) {
        double[] t = new double[s.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = i == 0 ? s.time(0) : t[i - 1] + warp(s.time(i) - s.time(i - 1));
        }
        return new EventSequence(s.entityId(), t, s.types(), s.features());
    }

    /** Every sequence of {@code data} in warped time. */
    public Dataset warp(Dataset data) {
        List<EventSequence> out = new ArrayList<>(data.sequences().size());
        for (EventSequence s : data.sequences()) {
            out.add(warp(s));
        }
        return data.withSequences(out);
    }

    /**
     * {@code Σ log w'(τ_i)} over every event of {@code data} but each sequence's first: add it to the warped
     * history's log-likelihood for the data-time one.
     */
    public double logJacobian(Dataset data) {
        double sum = 0;
        for (EventSequence s : data.sequences()) {
            for (int i = 1; i < s.size(); i++) {
                sum -= Math.log1p((s.time(i) - s.time(i - 1)) / scale);
            }
        }
        return sum;
    }
}
