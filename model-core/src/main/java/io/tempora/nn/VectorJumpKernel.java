package io.tempora.nn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link JumpKernel} on the incubating Vector API (needs {@code --add-modules jdk.incubator.vector}). The
 * two affine maps of the GRU run as {@link VectorFieldKernel}'s layers do (weights repacked transposed,
 * pass by pass, one fused multiply-add per register and input), with each gate's rows padded to whole
 * registers ({@code r}, {@code z}, {@code n} at {@code 0}, {@code sh}, {@code 2sh}); the gates are
 * computed a register at a time, tanh by {@link VectorTanh} and the sigmoid as {@code ½ + ½·tanh(x/2)}.
 *
 * <p>Why: the scalar jump (a 3H × (E+1+F) and a 3H × H product, 2H {@code Math.exp} for the sigmoids)
 * is a visible share of an event's cost; this one is a fraction of it (figures in
 * {@code docs/decisions.md}). Unlike the field
 * kernel, the steps are separate methods over arrays (no vector crosses a call, so nothing is boxed):
 * once per event, a call's few nanoseconds do not matter.
 */
final class VectorJumpKernel implements JumpKernel {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private final GruCell cell;
    private final Embedding embedding;
    private final int hidden;
    private final int in;
    private final int e;
    private final int sh;
    private final double[] wih;
    private final double[] bih;
    private final double[] whh;
    private final double[] bhh;
    private final double[] table;
    private final double[] input;
    private final double[] gi;
    private final double[] gh;
    private final double[] hpad;
    private final double[] rows;

    VectorJumpKernel(GruCell cell, Embedding embedding) {
        ScalarJumpKernel.requireShape(cell, embedding);
        this.cell = cell;
        this.embedding = embedding;
        this.hidden = cell.hiddenSize();
        this.in = cell.inputSize();
        this.e = embedding.dim();
        this.sh = VectorAffine.pad(hidden);
        this.wih = new double[3 * sh * in];
        this.bih = new double[3 * sh];
        this.whh = new double[3 * sh * hidden];
        this.bhh = new double[3 * sh];
        this.table = new double[embedding.count() * e];
        this.input = new double[in];
        this.gi = new double[3 * sh];
        this.gh = new double[3 * sh];
        this.hpad = new double[sh];
        this.rows = new double[3 * sh * Math.max(in, hidden) + 3 * sh];
    }

    @Override
    public void pack(double[] theta) {
        padGates(theta, cell.inputMap(), in, wih, bih);
        padGates(theta, cell.hiddenMap(), hidden, whh, bhh);
        System.arraycopy(theta, embedding.table().offset(), table, 0, table.length);
    }

    /** The map's rows with each gate's block padded to {@code sh} rows (zeros), then packed pass by pass. */
    private void padGates(double[] theta, Linear map, int cols, double[] wt, double[] bias) {
        java.util.Arrays.fill(rows, 0);
        int w = map.weight().offset();
        int b = map.bias().offset();
        int biasAt = 3 * sh * cols;
        for (int g = 0; g < 3; g++) {
            for (int j = 0; j < hidden; j++) {
                System.arraycopy(theta, w + (g * hidden + j) * cols, rows, (g * sh + j) * cols, cols);
                rows[biasAt + g * sh + j] = theta[b + g * hidden + j];
            }
        }
        VectorAffine.pack(rows, 0, biasAt, 3 * sh, cols, 3 * sh, wt, bias);
    }

    @Override
    public void jump(double[] h, int type, double logGap, double[] x, double[] hOut) {
        java.util.Objects.checkIndex(type, embedding.count());
        ScalarJumpKernel.requireExtra(x, in - e - 1);
        System.arraycopy(table, type * e, input, 0, e);
        input[e] = logGap;
        if (in > e + 1) {
            System.arraycopy(x, 0, input, e + 1, in - e - 1);
        }
        System.arraycopy(h, 0, hpad, 0, hidden);
        VectorAffine.apply(wih, bih, input, in, 3 * sh, gi);
        VectorAffine.apply(whh, bhh, hpad, hidden, 3 * sh, gh);
        gates();
        System.arraycopy(hpad, 0, hOut, 0, hidden);
    }

    /**
     * {@code r = σ(g_r + q_r)}, {@code z = σ(g_z + q_z)}, {@code n = tanh(g_n + r q_n)} and
     * {@code h' = n + z (h − n)} (= {@code (1 − z) n + z h}) into {@link #hpad}. The sigmoids as
     * {@code σ(x) = ½ + ½ tanh(x/2)}: the halving (exact) goes into the sum, the rest into the loops that
     * read the gates, so one in-place {@link VectorTanh} serves both kinds.
     */
    private void gates() {
        final DoubleVector HALF = DoubleVector.broadcast(S, 0.5);
        for (int o = 0; o < 2 * sh; o += L) {
            DoubleVector.fromArray(S, gi, o)
                    .add(DoubleVector.fromArray(S, gh, o))
                    .mul(HALF)
                    .intoArray(gi, o);
        }
        VectorTanh.tanh(gi, 0, 2 * sh);
        for (int o = 0; o < sh; o += L) {
            DoubleVector r = DoubleVector.fromArray(S, gi, o).fma(HALF, HALF);
            DoubleVector.fromArray(S, gh, 2 * sh + o)
                    .fma(r, DoubleVector.fromArray(S, gi, 2 * sh + o))
                    .intoArray(gi, 2 * sh + o);
        }
        VectorTanh.tanh(gi, 2 * sh, 3 * sh);
        for (int o = 0; o < sh; o += L) {
            DoubleVector z = DoubleVector.fromArray(S, gi, sh + o).fma(HALF, HALF);
            DoubleVector n = DoubleVector.fromArray(S, gi, 2 * sh + o);
            DoubleVector.fromArray(S, hpad, o).sub(n).fma(z, n).intoArray(hpad, o);
        }
    }
}
