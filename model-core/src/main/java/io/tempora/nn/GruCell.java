package io.tempora.nn;

/**
 * A gated recurrent unit cell (Cho et al. 2014), in PyTorch's {@code nn.GRUCell} convention, used
 * for the jump {@code h(t_i+) = g(h(t_i-), input)} at an event:
 * <pre>
 *   [g_r; g_z; g_n] = W_ih x + b_ih          (3H)
 *   [q_r; q_z; q_n] = W_hh h + b_hh          (3H)
 *   r  = sigmoid(g_r + q_r)
 *   z  = sigmoid(g_z + q_z)
 *   n  = tanh(g_n + r * q_n)
 *   h' = (1 - z) * n + z * h
 * </pre>
 * VJP for a cotangent {@code c} of {@code h'}:
 * <pre>
 *   a_n = c (1 - z) (1 - n^2)
 *   a_z = c (h - n) z (1 - z)
 *   a_r = a_n q_n r (1 - r)
 *   d_ih = [a_r; a_z; a_n],   d_hh = [a_r; a_z; a_n * r]
 *   gx = W_ih^T d_ih,   gh = c z + W_hh^T d_hh            (written)
 *   gW_ih += d_ih x^T,  gb_ih += d_ih,  gW_hh += d_hh h^T,  gb_hh += d_hh   (accumulated)
 * </pre>
 * The two affine maps are {@link Linear} layers {@code name.ih} ({@code I -> 3H}) and
 * {@code name.hh} ({@code H -> 3H}), rows ordered {@code r, z, n}; weights are Glorot uniform
 * (PyTorch uses {@code U(-1/sqrt(H), 1/sqrt(H))}), biases zero. Per-call state lives in a
 * {@link Workspace}; the batched counterpart is model-nd4j's {@code io.tempora.nd4j.nn.BatchedGruCell}.
 */
public final class GruCell {

    private final int inputSize;
    private final int hiddenSize;
    private final Linear ih;
    private final Linear hh;

    private GruCell(int inputSize, int hiddenSize, Linear ih, Linear hh) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.ih = ih;
        this.hh = hh;
    }

    /** Registers {@code name.ih.weight} (3H x I), {@code name.ih.bias}, {@code name.hh.weight} (3H x H), {@code name.hh.bias}. */
    public static GruCell define(ParameterSet.Builder builder, String name, int inputSize, int hiddenSize) {
        if (inputSize <= 0 || hiddenSize <= 0) {
            throw new IllegalArgumentException("GRU cell '" + name
                    + "' needs inputSize >= 1 and hiddenSize >= 1 but got " + inputSize + ", " + hiddenSize);
        }
        Linear ih = Linear.define(builder, name + ".ih", inputSize, 3 * hiddenSize);
        Linear hh = Linear.define(builder, name + ".hh", hiddenSize, 3 * hiddenSize);
        return new GruCell(inputSize, hiddenSize, ih, hh);
    }

    public int inputSize() {
        return inputSize;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    /** The input map {@code I -> 3H}. */
    public Linear inputMap() {
        return ih;
    }

    /** The recurrent map {@code H -> 3H}. */
    public Linear hiddenMap() {
        return hh;
    }

    /** Fresh buffers; not shareable between threads. */
    public Workspace newWorkspace() {
        return new Workspace(inputSize, hiddenSize);
    }

    /** {@code hOut = GRU(x, h)}, caching what {@link #vjp} needs in {@code ws}; {@code hOut} may alias {@code h}. */
    public void forward(double[] theta, double[] x, double[] h, Workspace ws, double[] hOut) {
        int n = hiddenSize;
        System.arraycopy(x, 0, ws.x, 0, inputSize);
        System.arraycopy(h, 0, ws.h, 0, n);
        ih.forward(theta, ws.x, ws.gi);
        hh.forward(theta, ws.h, ws.gh);
        for (int j = 0; j < n; j++) {
            double r = Sigmoid.sigmoid(ws.gi[j] + ws.gh[j]);
            double z = Sigmoid.sigmoid(ws.gi[n + j] + ws.gh[n + j]);
            double c = Tanh.tanh(ws.gi[2 * n + j] + r * ws.gh[2 * n + j]);
            ws.r[j] = r;
            ws.z[j] = z;
            ws.n[j] = c;
            hOut[j] = (1.0 - z) * c + z * ws.h[j];
        }
    }

    /**
     * VJP at the last {@link #forward} with {@code ws}: writes {@code gx} and {@code gh} (each
     * skipped when {@code null}) and adds parameter gradients into {@code gTheta[gOffset + k]}
     * (skipped when {@code null}). {@code gOut} is only read; outputs must not alias it.
     */
    public void vjp(
            double[] theta, Workspace ws, double[] gOut, double[] gx, double[] gh, double[] gTheta, int gOffset) {
        int n = hiddenSize;
        for (int j = 0; j < n; j++) {
            double c = gOut[j];
            double r = ws.r[j];
            double z = ws.z[j];
            double nn = ws.n[j];
            double an = c * (1.0 - z) * (1.0 - nn * nn);
            double az = c * (ws.h[j] - nn) * z * (1.0 - z);
            double ar = an * ws.gh[2 * n + j] * r * (1.0 - r);
            ws.dih[j] = ar;
            ws.dih[n + j] = az;
            ws.dih[2 * n + j] = an;
            ws.dhh[j] = ar;
            ws.dhh[n + j] = az;
            ws.dhh[2 * n + j] = an * r;
        }
        if (gTheta != null) {
            ih.vjpParams(ws.x, ws.dih, gTheta, gOffset);
            hh.vjpParams(ws.h, ws.dhh, gTheta, gOffset);
        }
        if (gx != null) {
            ih.vjpInput(theta, ws.dih, gx);
        }
        if (gh != null) {
            hh.vjpInput(theta, ws.dhh, gh);
            for (int j = 0; j < n; j++) {
                gh[j] += gOut[j] * ws.z[j];
            }
        }
    }

    /** {@link #vjp(double[], Workspace, double[], double[], double[], double[], int)} with offset 0. */
    public void vjp(double[] theta, Workspace ws, double[] gOut, double[] gx, double[] gh, double[] gTheta) {
        vjp(theta, ws, gOut, gx, gh, gTheta, 0);
    }

    /** Per-thread buffers for one cell evaluation and its VJP. */
    public static final class Workspace {
        final double[] x;
        final double[] h;
        final double[] gi;
        final double[] gh;
        final double[] r;
        final double[] z;
        final double[] n;
        final double[] dih;
        final double[] dhh;

        Workspace(int inputSize, int hiddenSize) {
            x = new double[inputSize];
            h = new double[hiddenSize];
            gi = new double[3 * hiddenSize];
            gh = new double[3 * hiddenSize];
            r = new double[hiddenSize];
            z = new double[hiddenSize];
            n = new double[hiddenSize];
            dih = new double[3 * hiddenSize];
            dhh = new double[3 * hiddenSize];
        }
    }
}
