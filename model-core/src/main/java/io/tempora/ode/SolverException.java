package io.tempora.ode;

/**
 * A solve that could not complete. Carries a {@link SolverStatus}, and where known the time and
 * state component at which it failed; the message names both and says what to try.
 */
public final class SolverException extends RuntimeException {

    private final SolverStatus status;
    private final double time;
    private final int component;

    /**
     * @param status    why the solve failed
     * @param time      the time of the failure, or NaN if not tied to a time
     * @param component the offending state component, or -1 if none
     * @param detail    what went wrong, without the advice (the status adds it)
     */
    public SolverException(SolverStatus status, double time, int component, String detail) {
        super(status + ": " + detail + " -- try: " + status.advice());
        this.status = status;
        this.time = time;
        this.component = component;
    }

    static SolverException invalid(String detail) {
        return new SolverException(SolverStatus.INVALID_ARGUMENT, Double.NaN, -1, detail);
    }

    /** Why the solve failed. */
    public SolverStatus status() {
        return status;
    }

    /** The time of the failure, NaN if the failure is not tied to a time (bad arguments). */
    public double time() {
        return time;
    }

    /** The offending state component, -1 if none. */
    public int component() {
        return component;
    }
}
