package io.tempora.ode;

/**
 * Counters of one or more solves, owned by the caller and filled by the solver so that repeated
 * solves allocate nothing. Not thread-safe; one instance per thread.
 */
public final class SolveStats {

    private long evaluations;
    private long acceptedSteps;
    private long rejectedSteps;
    private double lastStepSize;

    /** Sets every counter to zero. */
    public void reset() {
        evaluations = 0;
        acceptedSteps = 0;
        rejectedSteps = 0;
        lastStepSize = 0;
    }

    /** Number of vector-field evaluations. */
    public long evaluations() {
        return evaluations;
    }

    /** Number of accepted steps. */
    public long acceptedSteps() {
        return acceptedSteps;
    }

    /** Number of rejected step attempts (error too large or non-finite trial state). */
    public long rejectedSteps() {
        return rejectedSteps;
    }

    /**
     * The step size the controller proposed after the last accepted step (signed with the
     * direction of integration); a good initial step for a following solve of a similar problem.
     */
    public double lastStepSize() {
        return lastStepSize;
    }

    /** Adds another set of counters to this one (the last step size is taken from {@code other}). */
    public void add(SolveStats other) {
        evaluations += other.evaluations;
        acceptedSteps += other.acceptedSteps;
        rejectedSteps += other.rejectedSteps;
        lastStepSize = other.lastStepSize;
    }

    /** A copy of the current counters. */
    public SolveStats copy() {
        SolveStats c = new SolveStats();
        c.add(this);
        return c;
    }

    void countEvaluation() {
        evaluations++;
    }

    void countAccepted() {
        acceptedSteps++;
    }

    void countRejected() {
        rejectedSteps++;
    }

    void lastStepSize(double h) {
        lastStepSize = h;
    }

    @Override
    public String toString() {
        return "SolveStats[evaluations=" + evaluations + ", accepted=" + acceptedSteps + ", rejected=" + rejectedSteps
                + "]";
    }
}
