package io.tempora.model;

import io.tempora.ode.RungeKuttaSolver;
import io.tempora.ode.SolveStats;
import io.tempora.ode.SolverException;
import io.tempora.ode.SolverSettings;
import io.tempora.ode.StepListener;
import io.tempora.ode.VectorField;
import java.util.Arrays;

/**
 * The first step of every adaptive solve of a scorer, chosen once from the model so that a state's
 * results do not depend on what the scorer solved before. An optimisation
 * ({@link ScorerOptions#calibratedFirstStep()}): without it every solve starts from the solver's heuristic.
 *
 * <p>Why: the solver's generic starting heuristic (Hairer's, one extra evaluation) knows nothing of the
 * problem's scale and on trained models starts far below the step the controller then settles on, so a
 * typical gap costs extra steps. The calibrated step is what the controller itself picks at the start of
 * typical segments: from the learned initial state and from its jump by each type (gap
 * {@value #GAP} model unit), solve {@value #SPAN} model units with the heuristic start and take the first
 * accepted step the error estimate chose rather than the controller's growth cap ({@code maxFactor}:
 * the heuristic's step is so small that the second step is always exactly the cap times it). The
 * smallest over these starts is used; a start whose every step grows by the cap (its field exact for the
 * method) offers its largest step. A step too large for some state is rejected and shrunk by the error
 * control as usual, so this moves cost, never accuracy. Measurements: {@code docs/decisions.md}.
 */
final class FirstStepCalibration {

    /** Model units each calibration segment is solved over. */
    static final double SPAN = 10;
    /** The gap (model units) fed to the jumps that make the calibration's starting states. */
    static final double GAP = 1.0;
    /** Relative slack below the cap's multiple for a step to count as the error estimate's choice. */
    static final double CAP_SLACK = 1e-9;
    /** About how many types' jumps a factored model's calibration starts from ({@link TypeForm#PER_TYPE_MAX_TYPES}). */
    static final int FACTORED_PROBES = TypeForm.PER_TYPE_MAX_TYPES;

    private FirstStepCalibration() {}

    /**
     * The calibrated first step (model units) for solves of {@code field} with {@code settings}, or NaN to
     * keep the solver's heuristic (fixed-step or non-adaptive settings, or a model the probe cannot solve).
     *
     * @param dimension {@code field}'s dimension
     * @param ws        a workspace of {@code model}, for the jumps
     */
    static double calibrate(
            SolverSettings settings, VectorField field, int dimension, EventModel model, ModelWorkspace ws) {
        if (!settings.controller().adaptive() || !settings.tableau().adaptive()) {
            return Double.NaN;
        }
        ModelArchitecture a = model.architecture();
        int d = a.latentDim();
        RungeKuttaSolver probe = Solvers.build(settings, dimension, Double.NaN);
        double cap = probe.controller().maxFactor();
        double[] start = new double[dimension];
        double[] h0 = new double[d];
        System.arraycopy(model.parameters().values(), model.initialState().offset(), h0, 0, d);
        double[] informed = new double[1];
        double[] previous = new double[1];
        double[] largest = new double[1];
        StepListener firstInformed = (tPrev, yPrev, tNew, yNew, step, dense) -> {
            double size = Math.abs(step);
            // Below the cap's multiple of the step before (none before the first, the heuristic's), and not
            // the last step (cut to the end time).
            boolean chosen = tNew < SPAN && size < previous[0] * cap * (1 - CAP_SLACK);
            if (chosen && Double.isNaN(informed[0])) {
                informed[0] = size;
            }
            if (tNew < SPAN) {
                largest[0] = Math.max(largest[0], size);
            }
            previous[0] = size;
        };
        double[] zeros = new double[Math.max(1, a.numFeatures())];
        SolveStats stats = new SolveStats();
        double best = Double.POSITIVE_INFINITY;
        // A factored model may have thousands of types: probe an even spread of them, not all.
        int stride = a.typeForm() == TypeForm.FACTORED ? Math.max(1, a.numTypes() / FACTORED_PROBES) : 1;
        for (int type = -1; type < a.numTypes(); type = type < 0 ? 0 : type + stride) {
            Arrays.fill(start, 0);
            if (type < 0) {
                System.arraycopy(h0, 0, start, 0, d);
            } else {
                ws.jump(h0, type, GAP, zeros, start);
            }
            previous[0] = 0;
            informed[0] = Double.NaN;
            largest[0] = 0;
            try {
                probe.solve(field, 0, start, SPAN, start, stats, firstInformed);
            } catch (SolverException e) {
                return Double.NaN;
            }
            // Every step at the cap (an error estimate of zero all the way): the largest step stands in.
            double candidate = !Double.isNaN(informed[0]) ? informed[0] : largest[0];
            if (candidate > 0) {
                best = Math.min(best, candidate);
            }
        }
        return Double.isFinite(best) && best > 0 ? best : Double.NaN;
    }
}
