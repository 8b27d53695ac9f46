package io.tempora.bench.adjoint;

import io.tempora.adjoint.DifferentiableField;

/**
 * Wraps a field and measures the live heap once, at a chosen VJP call: the middle of a backward
 * pass, where the adjoint's backward state is at its largest.
 */
public final class ProbedField implements DifferentiableField {

    private final DifferentiableField f;
    private long vjpCalls;
    private long probeAt = -1;
    private long measured = -1;

    public ProbedField(DifferentiableField f) {
        this.f = f;
    }

    /** Measure at VJP call number {@code call} of the next gradient (counting from 1); -1 for never. */
    public void probeAt(long call) {
        this.vjpCalls = 0;
        this.probeAt = call;
        this.measured = -1;
    }

    /** The heap measured at the probe, or -1 if the probe was not reached. */
    public long measured() {
        return measured;
    }

    /** VJP calls since the last {@link #probeAt}. */
    public long vjpCalls() {
        return vjpCalls;
    }

    @Override
    public int parameterCount() {
        return f.parameterCount();
    }

    @Override
    public void evaluate(double t, double[] y, double[] dydt) {
        f.evaluate(t, y, dydt);
    }

    @Override
    public void vjp(double t, double[] y, double[] a, double[] dy, double[] dtheta) {
        probe();
        f.vjp(t, y, a, dy, dtheta);
    }

    @Override
    public void evaluateAndVjp(double t, double[] y, double[] a, double[] dydt, double[] dy, double[] dtheta) {
        probe();
        f.evaluateAndVjp(t, y, a, dydt, dy, dtheta);
    }

    private void probe() {
        if (++vjpCalls == probeAt) {
            measured = RetainedHeap.live();
        }
    }
}
