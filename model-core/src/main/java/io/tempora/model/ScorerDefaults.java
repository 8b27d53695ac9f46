package io.tempora.model;

import io.tempora.ode.PiController;
import io.tempora.ode.SolverSettings;
import io.tempora.ode.Tolerances;
import io.tempora.ode.Tsitouras54;

/**
 * The streaming scorer's default solver settings and the tolerances behind them ({@code docs/decisions.md},
 * "the scorer split", has how they were chosen). Public as {@link StreamingScorer#DEFAULT_SETTINGS} and
 * {@link StreamingScorer#DEFAULT_PREDICTION_SETTINGS}.
 */
final class ScorerDefaults {

    /** The segments' tolerances (the state is {@code O(1)}: tanh dynamics, standardised time). */
    static final double SEGMENT_RTOL = 1e-3;

    static final double SEGMENT_ATOL = 1e-5;
    /** The predictions' tolerances: absolute looser, so that latent components near zero do not force small steps. */
    static final double PREDICTION_RTOL = 5e-4;

    static final double PREDICTION_ATOL = 1e-4;
    /** One more than the order of Tsitouras 5(4)'s error estimator (the integral controller's 1/exponent). */
    static final int ERROR_ESTIMATOR_ORDER_PLUS_ONE = 5;

    /**
     * Tsitouras 5(4), {@code rtol = 1e-3, atol = 1e-5}, PI controller: the segment solves, the likelihood.
     * Tsitouras rather than Dormand–Prince: the same seven stages, smaller error constants.
     */
    static final SolverSettings SEGMENTS =
            SolverSettings.adaptive(Tsitouras54.TABLEAU, Tolerances.of(SEGMENT_RTOL, SEGMENT_ATOL));

    /**
     * Tsitouras 5(4), {@code rtol = 5e-4, atol = 1e-4}, integral controller ({@link PiController#integral}):
     * the predictions. Their error estimates sit far below the tolerance over most of a long horizon, where
     * this controller grows the steps faster; it is less cautious, so {@code rtol} is half the segments'.
     */
    static final SolverSettings PREDICTIONS = SolverSettings.adaptive(
                    Tsitouras54.TABLEAU, Tolerances.of(PREDICTION_RTOL, PREDICTION_ATOL))
            .withController(PiController.integral(ERROR_ESTIMATOR_ORDER_PLUS_ONE));

    private ScorerDefaults() {}
}
