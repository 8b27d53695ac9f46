package io.tempora.ode;

/**
 * An event to locate: a sign change of {@code function} between the start and the end of an accepted
 * step is narrowed down on the step's dense output until the bracket is at most {@code tolerance}
 * wide (Illinois variant of regula falsi). A root exactly at the initial time is not an event. At
 * most one root per function and step is found, so roots closer together than a step may be missed.
 *
 * @param function  the switching function
 * @param action    stop at the first root, or record every root and continue
 * @param tolerance the largest error accepted on the event time, positive
 */
public record EventSpec(EventFunction function, EventAction action, double tolerance) {

    /** Validates the arguments. */
    public EventSpec {
        if (function == null || action == null) {
            throw SolverException.invalid("an event needs a function and an action");
        }
        if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
            throw SolverException.invalid("event tolerance must be positive and finite, was " + tolerance);
        }
    }

    /** An event that ends the solve at the first root of {@code g}. */
    public static EventSpec stopAt(EventFunction g, double tolerance) {
        return new EventSpec(g, EventAction.STOP, tolerance);
    }

    /** An event whose roots are all recorded while the solve goes on. */
    public static EventSpec record(EventFunction g, double tolerance) {
        return new EventSpec(g, EventAction.CONTINUE, tolerance);
    }
}
