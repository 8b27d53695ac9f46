package io.tempora.nd4j.nn;

import io.tempora.nn.Embedding;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Embedding} on a fixed batch of {@code B} indices with ND4J, as a product with a one-hot
 * matrix {@code O} ({@code B x count}, {@code O[b, k_b] = 1}) held in a preallocated buffer:
 * <pre>
 *   Y = O E,     gE += O^T GY
 * </pre>
 * Two gemm calls instead of {@code B} row copies, each of which would create view objects; the
 * extra flops ({@code B * count * dim}) are small for the few event types an embedding serves.
 * Not thread-safe.
 */
public final class BatchedEmbedding {

    private final Embedding layer;
    private final NdParameters params;
    private final int batch;
    private final INDArray table;
    private final INDArray gTable;
    private final INDArray oneHot;

    /** {@code grads} may be {@code null} for forward-only use. */
    public BatchedEmbedding(Embedding layer, NdParameters params, NdGradient grads, int batch) {
        if (batch <= 0) {
            throw new IllegalArgumentException("batch size must be >= 1 but was " + batch);
        }
        this.layer = layer;
        this.params = params;
        this.batch = batch;
        this.table = params.view(layer.table());
        this.gTable = grads == null ? null : grads.view(layer.table());
        this.oneHot = Nd4j.create(DataType.DOUBLE, batch, layer.count());
    }

    public int batch() {
        return batch;
    }

    /** Row {@code b} of {@code y} ({@code B x dim}) becomes {@code E[k[b]]}. */
    public void forward(int[] k, INDArray y) {
        if (k.length != batch) {
            throw new IllegalArgumentException("expected " + batch + " indices but got " + k.length);
        }
        params.refresh();
        oneHot.assign(0.0);
        for (int b = 0; b < batch; b++) {
            layer.checkIndex(k[b]);
            oneHot.putScalar(b, k[b], 1.0);
        }
        Nd4j.gemm(oneHot, table, y, false, false, 1.0, 0.0);
    }

    /** {@code gE[k[b]] += gy[b]} for the indices of the last {@link #forward}. */
    public void vjp(INDArray gy) {
        if (gTable != null) {
            Nd4j.gemm(oneHot, gy, gTable, true, false, 1.0, 1.0);
        }
    }
}
