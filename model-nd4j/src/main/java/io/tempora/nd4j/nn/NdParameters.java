package io.tempora.nd4j.nn;

import io.tempora.nn.Parameter;
import io.tempora.nn.ParameterSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ND4J mirror of a {@link ParameterSet} for the batched path: one flat native DOUBLE buffer
 * holding a copy of {@link ParameterSet#values()}, and per-tensor views into it (no copies), so a
 * {@code out x in} weight is a {@code 'c'}-ordered {@code out x in} matrix usable by
 * {@code Nd4j.gemm}.
 *
 * <p>{@link #refresh()} copies the master vector into the buffer when the set's
 * {@link ParameterSet#version()} moved since the last copy; batched layers call it at the start of
 * each forward pass, so after an optimiser step both paths see the new values.
 *
 * <p>Creating the first mirror initialises ND4J, which takes seconds, the longest the first time, when
 * javacpp unpacks ~400 MB of native libraries from the Maven jars into its cache directory (timings in
 * {@code docs/decisions.md}). Not thread-safe.
 */
public final class NdParameters {

    private final ParameterSet set;
    private final INDArray flat;
    private final INDArray[] views;
    private long syncedVersion = Long.MIN_VALUE;

    public NdParameters(ParameterSet set) {
        this.set = set;
        this.flat = Nd4j.create(DataType.DOUBLE, set.size());
        this.views = viewsOf(flat, set);
        refresh();
    }

    static INDArray[] viewsOf(INDArray flat, ParameterSet set) {
        INDArray[] views = new INDArray[set.parameters().size()];
        int i = 0;
        for (Parameter p : set.parameters()) {
            views[i++] = viewOf(flat, p);
        }
        return views;
    }

    static INDArray viewOf(INDArray flat, Parameter p) {
        int[] shape = p.shape();
        long[] lshape = new long[shape.length];
        long[] strides = new long[shape.length];
        long stride = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            lshape[d] = shape[d];
            strides[d] = stride;
            stride *= shape[d];
        }
        return Nd4j.create(flat.data(), lshape, strides, p.offset(), 'c', DataType.DOUBLE);
    }

    /** A {@code rows x cols} 'c'-ordered view of {@code flat} starting at {@code offset}. */
    static INDArray matrixView(INDArray flat, int offset, long rows, long cols) {
        return Nd4j.create(flat.data(), new long[] {rows, cols}, new long[] {cols, 1}, offset, 'c', DataType.DOUBLE);
    }

    /** The mirrored set. */
    public ParameterSet set() {
        return set;
    }

    /** Copies the master vector in if it changed since the last copy. Cheap when nothing changed. */
    public void refresh() {
        if (syncedVersion != set.version()) {
            flat.data().setData(set.values());
            syncedVersion = set.version();
        }
    }

    /** The flat native vector (length {@link ParameterSet#size()}); treat as read-only. */
    public INDArray flat() {
        return flat;
    }

    /** The view of one tensor, shaped as the tensor; treat as read-only. */
    public INDArray view(Parameter p) {
        return views[indexOf(set, p)];
    }

    static int indexOf(ParameterSet set, Parameter p) {
        int i = set.parameters().indexOf(p);
        if (i < 0) {
            throw new IllegalArgumentException("parameter " + p + " does not belong to " + set);
        }
        return i;
    }
}
