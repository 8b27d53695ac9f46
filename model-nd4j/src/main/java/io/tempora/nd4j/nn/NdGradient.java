package io.tempora.nd4j.nn;

import io.tempora.nn.Gradient;
import io.tempora.nn.Parameter;
import io.tempora.nn.ParameterSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The batched path's gradient accumulator: a flat native DOUBLE buffer with the layout of a
 * {@link ParameterSet} and per-tensor views into it. Batched VJPs add into the views (with
 * {@code Nd4j.gemm(..., beta = 1)}); {@link #drainInto(Gradient)} then adds the total into the
 * heap {@link Gradient} that {@link Adam} reads, and zeroes this buffer.
 */
public final class NdGradient {

    private final ParameterSet set;
    private final INDArray flat;
    private final INDArray[] views;
    private final double[] scratch;

    public NdGradient(ParameterSet set) {
        this.set = set;
        this.flat = Nd4j.create(DataType.DOUBLE, set.size());
        this.views = NdParameters.viewsOf(flat, set);
        this.scratch = new double[set.size()];
    }

    /** The layout. */
    public ParameterSet set() {
        return set;
    }

    /** The flat accumulator. */
    public INDArray flat() {
        return flat;
    }

    /** The accumulator view of one tensor, shaped as the tensor. */
    public INDArray view(Parameter p) {
        return views[NdParameters.indexOf(set, p)];
    }

    /** Sets the accumulator to zero. */
    public void zero() {
        flat.assign(0.0);
    }

    /** Adds this accumulator into {@code target} and zeroes it. */
    public void drainInto(Gradient target) {
        if (target.layout() != set && !target.layout().sameLayout(set)) {
            throw new IllegalArgumentException("gradient layout differs from this accumulator's parameter set");
        }
        // asDouble() would allocate a fresh array per call; read into a reused one instead.
        flat.data().asNioDouble().get(0, scratch, 0, scratch.length);
        double[] t = target.values();
        for (int i = 0; i < t.length; i++) {
            t[i] += scratch[i];
        }
        zero();
    }
}
