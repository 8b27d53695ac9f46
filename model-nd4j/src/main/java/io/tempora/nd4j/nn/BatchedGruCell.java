package io.tempora.nd4j.nn;

import io.tempora.nn.GruCell;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@link GruCell} on a fixed batch of {@code B} rows with ND4J (same maths). The two affine maps
 * write {@code B x 3H} buffers with gemm; the gates are column views of those buffers made once
 * here. No native allocation per call. Not thread-safe.
 */
public final class BatchedGruCell {

    private final GruCell cell;
    private final int batch;
    private final BatchedLinear ih;
    private final BatchedLinear hh;
    private final INDArray x;
    private final INDArray h;
    private final INDArray gi;
    private final INDArray gh;
    private final INDArray giR;
    private final INDArray giZ;
    private final INDArray giN;
    private final INDArray ghR;
    private final INDArray ghZ;
    private final INDArray ghN;
    private final INDArray r;
    private final INDArray z;
    private final INDArray n;
    private final INDArray dih;
    private final INDArray dhh;
    private final INDArray dihR;
    private final INDArray dihZ;
    private final INDArray dihN;
    private final INDArray dhhR;
    private final INDArray dhhZ;
    private final INDArray dhhN;
    private final INDArray tmp;
    private final INDArray direct;

    /** {@code grads} may be {@code null} for forward-only use. */
    public BatchedGruCell(GruCell cell, NdParameters params, NdGradient grads, int batch) {
        this.cell = cell;
        this.batch = batch;
        int in = cell.inputSize();
        int hs = cell.hiddenSize();
        ih = new BatchedLinear(cell.inputMap(), params, grads, batch);
        hh = new BatchedLinear(cell.hiddenMap(), params, grads, batch);
        x = Nd4j.create(DataType.DOUBLE, batch, in);
        h = Nd4j.create(DataType.DOUBLE, batch, hs);
        gi = Nd4j.create(DataType.DOUBLE, batch, 3 * hs);
        gh = Nd4j.create(DataType.DOUBLE, batch, 3 * hs);
        giR = cols(gi, 0, hs);
        giZ = cols(gi, 1, hs);
        giN = cols(gi, 2, hs);
        ghR = cols(gh, 0, hs);
        ghZ = cols(gh, 1, hs);
        ghN = cols(gh, 2, hs);
        r = Nd4j.create(DataType.DOUBLE, batch, hs);
        z = Nd4j.create(DataType.DOUBLE, batch, hs);
        n = Nd4j.create(DataType.DOUBLE, batch, hs);
        dih = Nd4j.create(DataType.DOUBLE, batch, 3 * hs);
        dhh = Nd4j.create(DataType.DOUBLE, batch, 3 * hs);
        dihR = cols(dih, 0, hs);
        dihZ = cols(dih, 1, hs);
        dihN = cols(dih, 2, hs);
        dhhR = cols(dhh, 0, hs);
        dhhZ = cols(dhh, 1, hs);
        dhhN = cols(dhh, 2, hs);
        tmp = Nd4j.create(DataType.DOUBLE, batch, hs);
        direct = Nd4j.create(DataType.DOUBLE, batch, hs);
    }

    private static INDArray cols(INDArray m, int block, int width) {
        return m.get(NDArrayIndex.all(), NDArrayIndex.interval(block * width, (block + 1) * width));
    }

    public GruCell cell() {
        return cell;
    }

    public int batch() {
        return batch;
    }

    /** {@code hOut = GRU(xIn, hIn)} row by row ({@code B x I}, {@code B x H}); {@code hOut} may alias {@code hIn}. */
    public void forward(INDArray xIn, INDArray hIn, INDArray hOut) {
        x.assign(xIn);
        h.assign(hIn);
        ih.forward(x, gi);
        hh.forward(h, gh);
        r.assign(giR).addi(ghR);
        Transforms.sigmoid(r, false);
        z.assign(giZ).addi(ghZ);
        Transforms.sigmoid(z, false);
        n.assign(ghN).muli(r).addi(giN);
        Transforms.tanh(n, false);
        // h' = (1 - z) n + z h = n + z (h - n)
        hOut.assign(h).subi(n).muli(z).addi(n);
    }

    /**
     * VJP at the last {@link #forward}: writes {@code gx} and {@code gh} (each skipped when
     * {@code null}) and accumulates parameter gradients into the {@link NdGradient}.
     * {@code gOut} is only read; outputs must not alias it.
     */
    public void vjp(INDArray gOut, INDArray gx, INDArray ghOut) {
        // a_n = c (1 - z) (1 - n^2)
        tmp.assign(z).rsubi(1.0).muli(gOut);
        dihN.assign(n).muli(n).rsubi(1.0).muli(tmp);
        // a_z = c (h - n) z (1 - z)
        dihZ.assign(h).subi(n).muli(gOut).muli(z);
        tmp.assign(z).rsubi(1.0);
        dihZ.muli(tmp);
        // a_r = a_n q_n r (1 - r)
        dihR.assign(dihN).muli(ghN).muli(r);
        tmp.assign(r).rsubi(1.0);
        dihR.muli(tmp);
        dhhR.assign(dihR);
        dhhZ.assign(dihZ);
        dhhN.assign(dihN).muli(r);
        direct.assign(gOut).muli(z);
        ih.vjp(x, dih, gx);
        hh.vjp(h, dhh, ghOut);
        if (ghOut != null) {
            ghOut.addi(direct);
        }
    }
}
