package io.tempora.bench.solver;

import io.tempora.ode.VectorField;
import org.hipparchus.ode.OrdinaryDifferentialEquation;

/** A {@link VectorField} seen through Hipparchus' interface, which returns a new array per call. */
public final class HipparchusAdapter implements OrdinaryDifferentialEquation {

    private final VectorField field;
    private final int dimension;

    public HipparchusAdapter(VectorField field, int dimension) {
        this.field = field;
        this.dimension = dimension;
    }

    @Override
    public int getDimension() {
        return dimension;
    }

    @Override
    public double[] computeDerivatives(double t, double[] y) {
        double[] d = new double[dimension];
        field.evaluate(t, y, d);
        return d;
    }
}
