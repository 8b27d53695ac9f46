package io.tempora.nn;

/**
 * A lookup table {@code E} of shape {@code count x dim}: {@code y = E[k]} for an index
 * {@code 0 <= k < count} (e.g. an event type). VJP: {@code gE[k] += gy}; there is no input
 * cotangent (the input is an index). Plain-path methods allocate nothing; the batched counterpart
 * is model-nd4j's {@code io.tempora.nd4j.nn.BatchedEmbedding}.
 */
public final class Embedding {

    private final int count;
    private final int dim;
    private final Parameter table;

    private Embedding(int count, int dim, Parameter table) {
        this.count = count;
        this.dim = dim;
        this.table = table;
    }

    /** Registers {@code name + ".table"} ({@code count x dim}, Glorot uniform). */
    public static Embedding define(ParameterSet.Builder builder, String name, int count, int dim) {
        if (count <= 0 || dim <= 0) {
            throw new IllegalArgumentException(
                    "embedding '" + name + "' needs count >= 1 and dim >= 1 but got count=" + count + ", dim=" + dim);
        }
        return new Embedding(count, dim, builder.add(name + ".table", Initialisation.GLOROT_UNIFORM, count, dim));
    }

    public int count() {
        return count;
    }

    public int dim() {
        return dim;
    }

    public Parameter table() {
        return table;
    }

    /** {@code y = E[k]}. */
    public void forward(double[] theta, int k, double[] y) {
        checkIndex(k);
        System.arraycopy(theta, table.offset() + k * dim, y, 0, dim);
    }

    /** {@code gE[k] += gy}, into {@code gTheta[gOffset + ...]}. */
    public void vjpParams(int k, double[] gy, double[] gTheta, int gOffset) {
        checkIndex(k);
        int row = gOffset + table.offset() + k * dim;
        for (int j = 0; j < dim; j++) {
            gTheta[row + j] += gy[j];
        }
    }

    /** {@link #vjpParams(int, double[], double[], int)} with offset 0. */
    public void vjpParams(int k, double[] gy, double[] gTheta) {
        vjpParams(k, gy, gTheta, 0);
    }

    /** Throws {@link IndexOutOfBoundsException}, naming the table, unless {@code 0 <= k < count}. */
    public void checkIndex(int k) {
        if (k < 0 || k >= count) {
            throw new IndexOutOfBoundsException("embedding " + table.name() + " has " + count + " rows but index " + k
                    + " was asked for; is the event type within the model's type count?");
        }
    }
}
