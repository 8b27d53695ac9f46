package io.tempora.nd4j.nn;

import io.tempora.nn.Linear;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Linear} on a fixed batch of {@code B} rows with ND4J: {@code Y = X W^T + 1 b^T} for
 * {@code X} of shape {@code B x in}. Everything is written into caller- or constructor-owned
 * buffers with {@code Nd4j.gemm(..., c, ...)}, so after construction no native memory is
 * allocated per call.
 * <pre>
 *   forward:  Y  = X W^T + 1 b^T
 *   vjp:      GX = GY W            (written)
 *             gW += GY^T X,  gb += 1^T GY   (accumulated into the NdGradient)
 * </pre>
 * Not thread-safe.
 */
public final class BatchedLinear {

    private final Linear layer;
    private final NdParameters params;
    private final NdGradient grads;
    private final int batch;
    private final INDArray w;
    private final INDArray bRow;
    private final INDArray gw;
    private final INDArray gbRow;
    private final INDArray onesRow;
    private final INDArray onesCol;

    /**
     * @param grads where parameter gradients accumulate; may be {@code null} for forward-only use
     * @param batch the fixed number of rows {@code B}
     */
    public BatchedLinear(Linear layer, NdParameters params, NdGradient grads, int batch) {
        if (batch <= 0) {
            throw new IllegalArgumentException("batch size must be >= 1 but was " + batch);
        }
        this.layer = layer;
        this.params = params;
        this.grads = grads;
        this.batch = batch;
        this.w = params.view(layer.weight());
        this.bRow = NdParameters.matrixView(params.flat(), layer.bias().offset(), 1, layer.out());
        this.gw = grads == null ? null : grads.view(layer.weight());
        this.gbRow = grads == null
                ? null
                : NdParameters.matrixView(grads.flat(), layer.bias().offset(), 1, layer.out());
        this.onesRow = Nd4j.ones(DataType.DOUBLE, 1, batch);
        this.onesCol = Nd4j.ones(DataType.DOUBLE, batch, 1);
    }

    public Linear layer() {
        return layer;
    }

    public int batch() {
        return batch;
    }

    /**
     * {@code y = x W^T + 1 b^T}, for {@code x} of shape {@code B x in} and {@code y} of shape
     * {@code B x out} ('c' order, contiguous); {@code y} must not alias {@code x}. Refreshes the
     * parameter mirror first.
     */
    public void forward(INDArray x, INDArray y) {
        check(x, layer.in(), "input");
        check(y, layer.out(), "output");
        params.refresh();
        // The bias goes in as a rank-1 gemm (1 b^T) rather than addiRowVector: ND4J's broadcast op is the
        // slower of the two at these sizes (docs/decisions.md).
        Nd4j.gemm(onesCol, bRow, y, false, false, 1.0, 0.0);
        Nd4j.gemm(x, w, y, false, true, 1.0, 1.0);
    }

    /**
     * Writes {@code gx = gy W} (skipped when {@code gx == null}) and accumulates
     * {@code gW += gy^T x}, {@code gb += 1^T gy} (skipped when the layer has no gradient
     * accumulator). {@code x} is the forward input.
     */
    public void vjp(INDArray x, INDArray gy, INDArray gx) {
        check(gy, layer.out(), "output cotangent");
        if (gx != null) {
            check(gx, layer.in(), "input cotangent");
            Nd4j.gemm(gy, w, gx, false, false, 1.0, 0.0);
        }
        if (grads != null) {
            Nd4j.gemm(gy, x, gw, true, false, 1.0, 1.0);
            Nd4j.gemm(onesRow, gy, gbRow, false, false, 1.0, 1.0);
        }
    }

    private void check(INDArray a, int cols, String what) {
        if (a.rank() != 2 || a.rows() != batch || a.columns() != cols) {
            throw new IllegalArgumentException(layer + ": " + what + " must be " + batch + " x " + cols
                    + " but has shape " + java.util.Arrays.toString(a.shape()));
        }
    }
}
