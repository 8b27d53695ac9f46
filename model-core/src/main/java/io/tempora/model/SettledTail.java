package io.tempora.model;

import io.tempora.ode.Tolerances;
import java.util.Arrays;

/**
 * The closed-form rest of a prediction whose state has settled on the dynamics' attracting fixed point
 * {@code h*} ({@link FixedPoint}): from there the intensities are constant, {@code λ_k*}, so every
 * component of the prediction solve has a closed form and the solve stops instead of stepping to the
 * largest horizon at the stability limit of an explicit method. The state counts as settled when every
 * component is within {@link #SETTLED} times the prediction solver's own error scale
 * {@code atol_j + rtol_j·|h*_j|} of {@code h*} and still closing in; what that neglects is the residual
 * {@code δ = h − h*}, whose effect on the compensators is about {@code ∇λ_k · ∫ δ ds}, linear in the
 * multiple. Optionally ({@link LinearisedTail}) the solve stops earlier, further out, and the rest adds the
 * expansion's corrections in {@code δ}.
 *
 * <p>An optimisation ({@link ScorerOptions#settledTail()}, {@link ScorerOptions#linearisedTail()}); the
 * band's choice is in {@code docs/decisions.md}. Allocates nothing per prediction.
 */
final class SettledTail {

    /** The settled band, in multiples of the prediction solver's error scale at {@code h*}. */
    static final double SETTLED = 30;

    /** Where a prediction solve stops. */
    enum Stop {
        /** Not yet: keep solving. */
        CONTINUE,
        /** On the fixed point, within the settled band. */
        SETTLED,
        /** Near it, on the linearised tail. */
        LINEARISED
    }

    private final FixedPoint point;
    private final boolean settle;
    private final LinearisedTail linear;
    private final int d;
    private final int k;
    private final double[] atol;
    private final double[] rtol;
    private final double[] typeShift;
    private boolean linearReady;
    private double ceiling;
    private double lastDistance;

    /**
     * @param settle     whether the settled band stops a solve
     * @param linearise  whether the linearised tail ({@link LinearisedTail}) may stop it earlier
     * @param tolerances the prediction solver's
     */
    SettledTail(
            FixedPoint point, boolean settle, boolean linearise, Tolerances tolerances, int latentDim, int numTypes) {
        this.point = point;
        this.settle = settle;
        this.linear = linearise ? new LinearisedTail(point, latentDim) : null;
        this.d = latentDim;
        this.k = numTypes;
        this.atol = new double[d];
        this.rtol = new double[d];
        for (int j = 0; j < d; j++) {
            atol[j] = tolerances.atol(j);
            rtol[j] = tolerances.rtol(j);
        }
        this.typeShift = new double[k];
    }

    /** The fixed point this tail settles on. */
    FixedPoint fixedPoint() {
        return point;
    }

    /** Brings the fixed point (and its linearisation) up to date with the parameters; whether there is one. */
    boolean prepare() {
        return point.update();
    }

    /**
     * Readies a prediction: brings the fixed point up to date with the parameters (computing it on the
     * first prediction after they change) and returns whether this prediction may stop on it.
     */
    boolean begin() {
        if (!prepare()) {
            return false;
        }
        linearReady = linear != null && point.linearised();
        double[] star = point.point();
        double c = 0;
        for (int j = 0; j < d; j++) {
            c = Math.max(c, band(j, star));
        }
        ceiling = c;
        lastDistance = Double.POSITIVE_INFINITY;
        return settle || linearReady;
    }

    /** {@code Σ_k λ_k*}, model units. */
    double totalIntensity() {
        return point.totalIntensity();
    }

    /**
     * Whether the solve may stop after a step to {@code tNew} with state {@code y}: settled, or (with the
     * linearised tail) within its band with no quantile left and the horizons not yet reached far out.
     *
     * @param horizons the prediction's horizons (model units), the first {@code count} of them used
     */
    Stop stop(double tNew, double[] y, boolean quantilesLeft, double[] horizons, int count) {
        // One pass for the largest deviation (every step pays it); the per-component bands only when that is
        // within the largest of them.
        double[] star = point.point();
        double distance = 0;
        for (int j = 0; j < d; j++) {
            distance = Math.max(distance, Math.abs(y[j] - star[j]));
        }
        boolean closing = distance < lastDistance;
        lastDistance = distance;
        if (!closing) {
            return Stop.CONTINUE;
        }
        if (settle && distance <= ceiling && withinBands(y, star)) {
            return Stop.SETTLED;
        }
        if (linearReady && linear.mayStop(distance, tNew, quantilesLeft, horizons, count)) {
            return Stop.LINEARISED;
        }
        return Stop.CONTINUE;
    }

    private double band(int j, double[] star) {
        return SETTLED * (atol[j] + rtol[j] * Math.abs(star[j]));
    }

    private boolean withinBands(double[] y, double[] star) {
        for (int j = 0; j < d; j++) {
            if (Math.abs(y[j] - star[j]) > band(j, star)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Completes a prediction whose solve stopped at {@code s0} ({@code y} its state there, in the layout
     * of {@code field}) for the horizons beyond {@code s0} and the end values in {@code y}: with constant
     * intensities {@code λ_k*} from there on and {@code S0 = exp(−Λ(s0))},
     * <pre>
     *   Λ_k(s) = Λ_k(s0) + λ_k* (s − s0),    Λ(s) = Λ(s0) + λ* (s − s0)
     *   ∫_{s0}^{H} S ds = S0 (1 − e^{−λ* (H − s0)}) / λ*,    ∫_{s0}^{H} λ_k S ds = λ_k* ∫_{s0}^{H} S ds
     * </pre>
     * When it stopped on the linearised tail ({@code linearised}), the deviation {@code δ = h(s0) − h*}
     * adds the expansion's first- and second-order terms (every horizon left is then far out). The
     * quantiles beyond {@code s0} are the caller's ({@link PredictionTracker#completeQuantiles}).
     */
    void complete(
            PredictionBuffer out, double[] y, PredictionDynamics field, double s0, double hMax, boolean linearised) {
        int c = field.compensator();
        double lam = point.totalIntensity();
        double lambda0 = y[c];
        double shift = 0;
        Arrays.fill(typeShift, 0);
        if (linearised) {
            linear.at(y);
            for (int m = 0; m < k; m++) {
                typeShift[m] = linear.compensatorShift(m);
                shift += typeShift[m];
            }
        }
        for (int j = 0; j < out.horizonCount; j++) {
            double tau = out.modelHorizons[j];
            if (tau > s0) {
                out.within[j] = -Math.expm1(-(lambda0 + lam * (tau - s0) + shift));
                for (int m = 0; m < k; m++) {
                    double lm = y[field.typeCompensator(m)] + point.intensity(m) * (tau - s0) + typeShift[m];
                    out.withinByType[j * k + m] = -Math.expm1(-lm);
                }
            }
        }
        double rest = hMax - s0;
        double survival = Math.exp(-lambda0);
        double survivalIntegral = lam > 0 ? survival * -Math.expm1(-lam * rest) / lam : survival * rest;
        double tailWeight = 0;
        if (linearised) {
            tailWeight = survival * Math.exp(-shift);
            survivalIntegral = tailWeight * (-Math.expm1(-lam * rest) / lam + linear.survivalCorrection());
        }
        y[field.survivalIntegral()] += survivalIntegral;
        for (int m = 0; m < k; m++) {
            y[field.typeDensityIntegral(m)] += point.intensity(m) * survivalIntegral
                    + (linearised ? tailWeight * linear.typeDensityCorrection(m) : 0);
            y[field.typeCompensator(m)] += point.intensity(m) * rest + typeShift[m];
        }
        y[c] = lambda0 + lam * rest + shift;
    }
}
