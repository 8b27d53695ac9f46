package io.tempora.adjoint;

import io.tempora.ode.SolverException;
import io.tempora.ode.SolverStatus;

/** Checks of the output times shared by both gradient methods. */
final class TimeGrid {

    private TimeGrid() {}

    static SolverException invalid(String detail) {
        return new SolverException(SolverStatus.INVALID_ARGUMENT, Double.NaN, -1, detail);
    }

    /**
     * Throws unless the state is non-empty and {@code times} is non-empty, finite and strictly
     * monotone away from {@code t0} (the first time may equal {@code t0}: a loss on the initial state).
     */
    static void check(double t0, double[] y0, double[] times) {
        if (y0 == null || y0.length == 0) {
            throw TimeGrid.invalid("the initial state is empty");
        }
        if (!Double.isFinite(t0)) {
            throw TimeGrid.invalid("t0 must be finite, was " + t0);
        }
        if (times == null || times.length == 0) {
            throw TimeGrid.invalid("at least one output time is needed; the last one ends the solve");
        }
        double dir = Math.signum(times[times.length - 1] - t0);
        if (dir == 0) {
            throw TimeGrid.invalid("the last output time equals t0 = " + t0 + "; nothing to solve");
        }
        double prev = t0;
        for (int i = 0; i < times.length; i++) {
            double t = times[i];
            if (!Double.isFinite(t)) {
                throw TimeGrid.invalid("output time " + i + " is " + t);
            }
            boolean first = i == 0;
            double step = (t - prev) * dir;
            if (step < 0 || (!first && step == 0)) {
                throw TimeGrid.invalid("output times must be strictly monotone away from t0 = " + t0 + ": time " + i
                        + " = " + t + " follows " + prev);
            }
            prev = t;
        }
    }
}
