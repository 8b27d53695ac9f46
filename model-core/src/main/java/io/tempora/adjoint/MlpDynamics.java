package io.tempora.adjoint;

import io.tempora.nn.Mlp;
import io.tempora.nn.MlpVectorField;
import io.tempora.nn.ParameterSet;

/**
 * {@code dh/dt = MLP(h)} on the plain single-sample path, as a {@link DifferentiableField} whose
 * parameters {@code θ} are the whole {@link ParameterSet} the MLP belongs to (gradients land at the
 * MLP's own offsets; other entries are left alone). Allocates nothing per call; not thread-safe.
 */
public final class MlpDynamics implements DifferentiableField {

    private final MlpVectorField field;
    private final int parameterCount;
    private final double[] scratch;

    public MlpDynamics(Mlp mlp, ParameterSet params) {
        this.field = new MlpVectorField(mlp, params);
        this.parameterCount = params.size();
        this.scratch = new double[mlp.out()];
    }

    @Override
    public int parameterCount() {
        return parameterCount;
    }

    @Override
    public void evaluate(double t, double[] y, double[] dydt) {
        field.evaluate(t, y, dydt);
    }

    @Override
    public void vjp(double t, double[] y, double[] a, double[] dy, double[] dtheta) {
        // The field caches the activations of its last evaluation, which need not be at y.
        field.evaluate(t, y, scratch);
        field.vjp(a, dy, dtheta);
    }

    @Override
    public void evaluateAndVjp(double t, double[] y, double[] a, double[] dydt, double[] dy, double[] dtheta) {
        field.evaluateWithVjp(y, a, dydt, dy, dtheta, 0);
    }
}
