package io.tempora.model;

/**
 * The early stop of a prediction solve near the dynamics' fixed point {@code h*}: while every component of
 * {@code δ = h − h*} is within {@link #LINEAR_BAND} (and closing in), every quantile is found and every
 * horizon not yet reached is at least {@link TailLinearisation#far()} beyond the stop, the rest of the
 * prediction has a closed form from the flow expanded at {@code h*} to second order
 * ({@link TailLinearisation}). What it neglects is third order in {@code δ}, so the band bounds
 * {@code |δ|} itself. An optimisation ({@link ScorerOptions#linearisedTail()}); offered only where
 * {@link FixedPoint#linearised()} (D &le; {@value TailLinearisation#MAX_DIMENSION}, a linearisation that
 * succeeded); elsewhere {@link SettledTail}'s own band or the full solve serves. The band's choice is in
 * {@code docs/decisions.md}. Allocates nothing.
 */
final class LinearisedTail {

    /** The largest {@code |δ_j|} (absolute, latent units) at which the expansion may take over. */
    static final double LINEAR_BAND = 0.2;

    private final FixedPoint point;
    private final double[] delta;

    LinearisedTail(FixedPoint point, int latentDim) {
        this.point = point;
        this.delta = new double[latentDim];
    }

    /**
     * Whether a solve at {@code tNew}, its state {@code distance} (max norm) from {@code h*} and closing in,
     * may stop here: within the band, no quantile left to find, and each of the first {@code count}
     * {@code horizons} (model units) either reached or far out.
     */
    boolean mayStop(double distance, double tNew, boolean quantilesLeft, double[] horizons, int count) {
        if (distance > LINEAR_BAND || quantilesLeft) {
            return false;
        }
        double far = point.linearisation().far();
        for (int j = 0; j < count; j++) {
            if (horizons[j] > tNew && horizons[j] - tNew < far) {
                return false;
            }
        }
        return true;
    }

    /** Evaluates the expansion at the deviation {@code δ = h − h*} of the latent part of {@code y}. */
    void at(double[] y) {
        double[] star = point.point();
        for (int j = 0; j < delta.length; j++) {
            delta[j] = y[j] - star[j];
        }
        point.linearisation().at(delta);
    }

    /** Type {@code m}'s compensator shift over the rest (after {@link #at}). */
    double compensatorShift(int m) {
        return point.linearisation().compensatorShift(m);
    }

    /** The correction to {@code ∫ S} over the rest, per unit of the survival at the stop (after {@link #at}). */
    double survivalCorrection() {
        return point.linearisation().survivalCorrection();
    }

    /** The correction to {@code ∫ λ_m S} over the rest, likewise (after {@link #at}). */
    double typeDensityCorrection(int m) {
        return point.linearisation().typeDensityCorrection(m);
    }
}
