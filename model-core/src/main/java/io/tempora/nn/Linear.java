package io.tempora.nn;

/**
 * An affine layer {@code y = W x + b}, {@code W} of shape {@code out x in} (row-major, as in
 * PyTorch's {@code nn.Linear}), {@code b} of length {@code out}. This object holds only the
 * layout (where {@code W} and {@code b} sit in the flat vector); values come from the caller's
 * {@code theta} (normally {@link ParameterSet#values()}), gradients go to the caller's
 * {@code gTheta} (normally {@link Gradient#values()}).
 *
 * <p>VJP, for a cotangent {@code gy} of {@code y}:
 * <pre>
 *   gx = W^T gy        (written)
 *   gW += gy x^T,  gb += gy   (accumulated)
 * </pre>
 * Plain-path methods allocate nothing and are thread-safe (they keep no state); the batched
 * counterpart is model-nd4j's {@code io.tempora.nd4j.nn.BatchedLinear}.
 */
public final class Linear {

    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;

    private Linear(int in, int out, Parameter weight, Parameter bias) {
        this.in = in;
        this.out = out;
        this.weight = weight;
        this.bias = bias;
    }

    /**
     * Registers {@code name + ".weight"} ({@code out x in}, Glorot uniform) and
     * {@code name + ".bias"} ({@code out}, zeros) with {@code builder}.
     */
    public static Linear define(ParameterSet.Builder builder, String name, int in, int out) {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException(
                    "linear layer '" + name + "' needs in >= 1 and out >= 1 but got in=" + in + ", out=" + out);
        }
        Parameter w = builder.add(name + ".weight", Initialisation.GLOROT_UNIFORM, out, in);
        Parameter b = builder.add(name + ".bias", Initialisation.ZEROS, out);
        return new Linear(in, out, w, b);
    }

    public int in() {
        return in;
    }

    public int out() {
        return out;
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    /**
     * {@code y = W x + b}; {@code y} must not alias {@code x}.
     *
     * <p>Several rows at a time ({@link ScalarDenseKernel#affine}): each row's dot product is one
     * chain of dependent additions (Java does not reassociate floating point), so a single row runs
     * at the latency of an add per element; independent chains fill the pipeline instead. Every row
     * still sums {@code b_o + W_o0 x_0 + W_o1 x_1 + ...} in the same order, so the result is
     * bit-identical to the one-row loop.
     */
    public void forward(double[] theta, double[] x, double[] y) {
        ScalarDenseKernel.affine(theta, weight.offset(), bias.offset(), in, out, x, y);
    }

    /** {@code gx = W^T gy} (written); {@code gx} must not alias {@code gy}. */
    public void vjpInput(double[] theta, double[] gy, double[] gx) {
        int w = weight.offset();
        java.util.Arrays.fill(gx, 0, in, 0.0);
        for (int o = 0; o < out; o++) {
            double g = gy[o];
            int row = w + o * in;
            for (int i = 0; i < in; i++) {
                gx[i] += g * theta[row + i];
            }
        }
    }

    /**
     * {@code gW += gy x^T}, {@code gb += gy}, into {@code gTheta[gOffset + k]} where {@code k} is
     * the flat index of the parameter (so a gradient can live inside a larger array, e.g. an
     * augmented ODE state).
     */
    public void vjpParams(double[] x, double[] gy, double[] gTheta, int gOffset) {
        int w = gOffset + weight.offset();
        int b = gOffset + bias.offset();
        for (int o = 0; o < out; o++) {
            double g = gy[o];
            gTheta[b + o] += g;
            int row = w + o * in;
            for (int i = 0; i < in; i++) {
                gTheta[row + i] += g * x[i];
            }
        }
    }

    /** {@link #vjpParams(double[], double[], double[], int)} with offset 0. */
    public void vjpParams(double[] x, double[] gy, double[] gTheta) {
        vjpParams(x, gy, gTheta, 0);
    }

    @Override
    public String toString() {
        return "Linear(" + in + " -> " + out + ", " + weight.name() + ")";
    }
}
