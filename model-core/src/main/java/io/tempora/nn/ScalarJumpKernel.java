package io.tempora.nn;

/** {@link JumpKernel} as the training path computes it: {@link Embedding#forward}, then {@link GruCell#forward}. */
final class ScalarJumpKernel implements JumpKernel {

    private final GruCell cell;
    private final Embedding embedding;
    private final GruCell.Workspace ws;
    private final double[] input;
    private final double[] row;
    private double[] theta;

    ScalarJumpKernel(GruCell cell, Embedding embedding) {
        requireShape(cell, embedding);
        this.cell = cell;
        this.embedding = embedding;
        this.ws = cell.newWorkspace();
        this.input = new double[cell.inputSize()];
        this.row = new double[embedding.dim()];
    }

    /** Fails with what was expected when {@code x} cannot hold the cell's {@code rest} further inputs. */
    static void requireExtra(double[] x, int rest) {
        if (rest > 0 && (x == null || x.length < rest)) {
            throw new IllegalArgumentException("the jump takes " + rest + " further inputs (the features) after the"
                    + " embedding and the log-gap, but got " + (x == null ? "none" : x.length));
        }
    }

    static void requireShape(GruCell cell, Embedding embedding) {
        if (cell.inputSize() < embedding.dim() + 1) {
            throw new IllegalArgumentException(
                    "the jump's GRU has " + cell.inputSize() + " inputs but the embedding alone" + " has "
                            + embedding.dim() + ", and the log-gap needs one more");
        }
    }

    @Override
    public void pack(double[] theta) {
        this.theta = theta;
    }

    @Override
    public void jump(double[] h, int type, double logGap, double[] x, double[] hOut) {
        int e = embedding.dim();
        embedding.forward(theta, type, row);
        System.arraycopy(row, 0, input, 0, e);
        input[e] = logGap;
        int rest = input.length - e - 1;
        requireExtra(x, rest);
        if (rest > 0) {
            System.arraycopy(x, 0, input, e + 1, rest);
        }
        cell.forward(theta, input, h, ws, hOut);
    }
}
