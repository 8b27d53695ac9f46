package io.tempora.ode;

/**
 * A switching function {@code g(t, y)} whose roots along the solution are events (the time a
 * quantile of the next-event distribution is reached, a threshold crossing...). Must be continuous
 * along the solution and keep no reference to {@code y}.
 */
@FunctionalInterface
public interface EventFunction {

    /** The value of {@code g} at time {@code t} and state {@code y} (read only). */
    double value(double t, double[] y);
}
