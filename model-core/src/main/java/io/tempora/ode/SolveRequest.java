package io.tempora.ode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a rich solve should produce besides the final state. Immutable; build with the {@code with*}
 * methods starting from {@link #none()}.
 *
 * @param outputTimes times at which to report the state, taken from the dense output (the steps are
 *                    not forced onto them); each must lie within the solve's interval, in any order
 * @param stepTimes   times the solver must step onto exactly (kinks, discontinuities of {@code f});
 *                    those outside the open interval are ignored. {@code f} is then only evaluated
 *                    strictly on either side of such a time: the stages of a step ending on it are
 *                    evaluated at most one ulp before it, and the next step starts with a fresh
 *                    evaluation one ulp after it (one extra evaluation per time for FSAL methods)
 * @param events      events to locate
 * @param listener    a listener for every accepted step, or null
 */
public record SolveRequest(double[] outputTimes, double[] stepTimes, List<EventSpec> events, StepListener listener) {

    /** Copies the arrays and the list. */
    public SolveRequest {
        outputTimes = outputTimes == null ? new double[0] : outputTimes.clone();
        stepTimes = stepTimes == null ? new double[0] : stepTimes.clone();
        events = events == null ? List.of() : List.copyOf(events);
        for (double t : outputTimes) {
            if (!Double.isFinite(t)) {
                throw SolverException.invalid("output time " + t + " is not finite");
            }
        }
        for (double t : stepTimes) {
            if (!Double.isFinite(t)) {
                throw SolverException.invalid("forced step time " + t + " is not finite");
            }
        }
    }

    /** Nothing beyond the final state. */
    public static SolveRequest none() {
        return new SolveRequest(null, null, null, null);
    }

    /** This request, reporting the state at {@code times}. */
    public SolveRequest withOutputTimes(double... times) {
        return new SolveRequest(times, stepTimes, events, listener);
    }

    /** This request, stepping exactly onto {@code times}. */
    public SolveRequest withStepTimes(double... times) {
        return new SolveRequest(outputTimes, times, events, listener);
    }

    /** This request with one more event. */
    public SolveRequest withEvent(EventSpec event) {
        List<EventSpec> more = new ArrayList<>(events);
        more.add(event);
        return new SolveRequest(outputTimes, stepTimes, more, listener);
    }

    /** This request with a step listener. */
    public SolveRequest withListener(StepListener stepListener) {
        return new SolveRequest(outputTimes, stepTimes, events, stepListener);
    }

    @Override
    public double[] outputTimes() {
        return outputTimes.clone();
    }

    @Override
    public double[] stepTimes() {
        return stepTimes.clone();
    }

    @Override
    public String toString() {
        return "SolveRequest[outputTimes=" + Arrays.toString(outputTimes) + ", stepTimes=" + Arrays.toString(stepTimes)
                + ", events=" + events.size() + ", listener=" + (listener != null) + "]";
    }
}
