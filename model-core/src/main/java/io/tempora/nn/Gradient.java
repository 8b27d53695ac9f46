package io.tempora.nn;

import java.util.Arrays;

/**
 * A gradient with the layout of its {@link ParameterSet}: {@code values()[i]} is
 * {@code dL/d(theta[i])}. Layer VJPs <em>add</em> into it, so several samples or terms can be
 * accumulated before {@link #zero()}.
 */
public final class Gradient {

    private final ParameterSet layout;
    private final double[] values;

    Gradient(ParameterSet layout) {
        this.layout = layout;
        this.values = new double[layout.size()];
    }

    /** The parameter set whose layout this follows. */
    public ParameterSet layout() {
        return layout;
    }

    /** The live accumulator (not a copy). */
    public double[] values() {
        return values;
    }

    /** Sets every component to zero. */
    public void zero() {
        Arrays.fill(values, 0.0);
    }

    /** Euclidean norm over all components. */
    public double norm() {
        double s = 0;
        for (double v : values) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /** Multiplies every component by {@code factor}. */
    public void scale(double factor) {
        for (int i = 0; i < values.length; i++) {
            values[i] *= factor;
        }
    }

    /**
     * Global norm clipping (Pascanu et al. 2013): if {@code ||g|| > maxNorm}, scales {@code g} by
     * {@code maxNorm / ||g||}, keeping its direction.
     *
     * @return the norm before clipping
     */
    public double clipNorm(double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("maxNorm must be finite and > 0 but was " + maxNorm);
        }
        double norm = norm();
        if (norm > maxNorm) {
            scale(maxNorm / norm);
        }
        return norm;
    }
}
