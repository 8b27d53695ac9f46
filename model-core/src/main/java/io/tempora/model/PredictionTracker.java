package io.tempora.model;

import io.tempora.ode.DenseOutput;
import io.tempora.ode.StepListener;

/**
 * Reads a prediction solve as it steps: the survival at each horizon (through the step's dense output),
 * the quantiles where the compensator crosses {@code −ln(1 − q)} ({@link QuantileSearch}), the size of the
 * controller's first informed step (the state's next step hint), and, with a {@link SettledTail}, where
 * the solve may stop. Writes into the {@link PredictionBuffer} it is given; allocates nothing. Its state is
 * its own: the scorer reads it through the accessors and changes it only through {@link #begin} and
 * {@link #completeQuantiles}.
 */
final class PredictionTracker implements StepListener {

    private final PredictionDynamics field;
    private final int k;
    private final double unit;
    private final QuantileSearch search;
    private final SettledTail tail;
    /** Λ's dense output over the current step as a polynomial in the step fraction. */
    private final double[] lambdaPolynomial;

    private final double[] scratch;

    private PredictionBuffer out;
    private double[] horizons;
    private double[] thresholds;
    private int count;
    private int found;
    private boolean watchTail;
    private SettledTail.Stop stop = SettledTail.Stop.CONTINUE;
    private double stoppedAt;
    private int accepted;
    private double secondStep;

    /**
     * @param unit        the model's time unit (quantiles are written in data units)
     * @param denseDegree the prediction solver's dense output degree
     * @param tail        the closed-form tail, or null for none
     */
    PredictionTracker(
            PredictionDynamics field,
            int numTypes,
            double unit,
            int denseDegree,
            QuantileSearch search,
            SettledTail tail) {
        this.field = field;
        this.k = numTypes;
        this.unit = unit;
        this.search = search;
        this.tail = tail;
        this.lambdaPolynomial = new double[denseDegree + 1];
        this.scratch = new double[field.dimension()];
    }

    /**
     * Starts tracking a solve into {@code buffer} over its horizons ({@link PredictionBuffer#modelHorizons},
     * {@link PredictionBuffer#horizonCount}); {@code watchTail} when the tail may stop it.
     */
    void begin(PredictionBuffer buffer, boolean watchTail) {
        out = buffer;
        horizons = buffer.modelHorizons;
        thresholds = buffer.quantileThresholds;
        count = buffer.horizonCount;
        found = 0;
        this.watchTail = watchTail && tail != null;
        stop = SettledTail.Stop.CONTINUE;
        stoppedAt = Double.NaN;
        accepted = 0;
        secondStep = 0;
    }

    /** Whether the solve stopped early on the tail (then {@link #stoppedAt()} is where). */
    boolean stopped() {
        return stop != SettledTail.Stop.CONTINUE;
    }

    /** Whether it stopped on the linearised tail. */
    boolean linearised() {
        return stop == SettledTail.Stop.LINEARISED;
    }

    /** Where the solve stopped (model units from the prediction time). */
    double stoppedAt() {
        return stoppedAt;
    }

    /** The size of the second accepted step (the controller's first informed choice), or 0. */
    double secondStep() {
        return secondStep;
    }

    @Override
    public boolean stopAfterStep() {
        return stopped();
    }

    @Override
    public void onStep(double tPrev, double[] yPrev, double tNew, double[] yNew, double step, DenseOutput dense) {
        if (++accepted == 2) {
            secondStep = Math.abs(step);
        }
        int c = field.compensator();
        for (int j = 0; j < count; j++) {
            double tau = horizons[j];
            if (tau > tPrev && tau <= tNew) {
                double[] s = yNew;
                if (tau != tNew) {
                    // Only the compensators are read: Λ and Λ_k, contiguous from c.
                    dense.evaluate(tau, scratch, c, field.typeCompensator(k - 1) + 1);
                    s = scratch;
                }
                out.within[j] = -Math.expm1(-s[c]);
                for (int m = 0; m < k; m++) {
                    out.withinByType[j * k + m] = -Math.expm1(-s[field.typeCompensator(m)]);
                }
            }
        }
        if (found < thresholds.length && yNew[c] >= thresholds[found]) {
            int degree = dense.polynomial(c, lambdaPolynomial);
            double span = tNew - tPrev;
            while (found < thresholds.length && yNew[c] >= thresholds[found]) {
                double theta = search.crossing(thresholds[found], lambdaPolynomial, degree, yPrev[c], yNew[c]);
                out.quantiles[found] = (tPrev + span * theta) * unit;
                found++;
            }
        }
        if (watchTail) {
            stop = tail.stop(tNew, yNew, found < thresholds.length, horizons, count);
            if (stopped()) {
                stoppedAt = tNew;
            }
        }
    }

    /**
     * After a solve stopped at {@code s0} with compensator {@code lambda0}: the quantiles still to find, on a
     * compensator growing at {@code rate} up to {@code hMax} (model units); the rest are +∞.
     */
    void completeQuantiles(double s0, double lambda0, double rate, double hMax) {
        while (found < thresholds.length && rate > 0) {
            double s = s0 + (thresholds[found] - lambda0) / rate;
            if (!(s <= hMax)) {
                break;
            }
            out.quantiles[found] = s * unit;
            found++;
        }
    }

    /** Marks the quantiles the prediction did not reach as +∞. */
    void finishQuantiles() {
        for (int i = found; i < thresholds.length; i++) {
            out.quantiles[i] = Double.POSITIVE_INFINITY;
        }
    }
}
