package io.tempora.pp;

/**
 * The bookkeeping every one-type process's filter shares: the time and count of the events seen,
 * and {@link #observe} that checks and records the next one. A process whose intensity depends only
 * on these (Poisson, renewal, self-correcting) extends it with its intensity, compensator and sampler.
 */
abstract class UnivariateState implements ConditionalIntensity {

    /** The time of the last observed event (0 before any). */
    protected double time;
    /** Events observed so far. */
    protected int count;

    protected UnivariateState(double time, int count) {
        this.time = time;
        this.count = count;
    }

    @Override
    public final int numTypes() {
        return 1;
    }

    @Override
    public final double time() {
        return time;
    }

    @Override
    public final int count() {
        return count;
    }

    @Override
    public final void observe(double t, int type) {
        Checks.event(t, type, time, 1);
        time = t;
        count++;
    }
}
