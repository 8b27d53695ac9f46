package io.tempora.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * A multilayer perceptron of {@link Linear} layers and {@link Activation}s, shaped by an
 * {@link MlpSpec}:
 * <pre>
 *   a_0 = x,   z_l = W_l a_{l-1} + b_l,   a_l = act_l(z_l)   (l = 1..L),   y = a_L
 * </pre>
 * VJP (reverse sweep, {@code g_L = gy}):
 * <pre>
 *   d_l = g_l * act_l'(z_l),   gW_l += d_l a_{l-1}^T,   gb_l += d_l,   g_{l-1} = W_l^T d_l
 * </pre>
 * with {@code gx = g_0}. This object holds the layout; per-call state lives in a
 * {@link Workspace} (one per thread), so the plain path allocates nothing per call. The batched
 * counterpart is model-nd4j's {@code io.tempora.nd4j.nn.BatchedMlp}.
 */
public final class Mlp {

    private final MlpSpec spec;
    private final List<Linear> layers;

    private Mlp(MlpSpec spec, List<Linear> layers) {
        this.spec = spec;
        this.layers = List.copyOf(layers);
    }

    /** Registers {@code name + ".l0"}, {@code ".l1"}, ... ({@link Linear#define}) with {@code builder}. */
    public static Mlp define(ParameterSet.Builder builder, String name, MlpSpec spec) {
        List<Linear> layers = new ArrayList<>();
        for (int l = 0; l < spec.depth(); l++) {
            layers.add(Linear.define(builder, name + ".l" + l, spec.layerIn(l), spec.layerOut(l)));
        }
        return new Mlp(spec, layers);
    }

    public MlpSpec spec() {
        return spec;
    }

    public List<Linear> layers() {
        return layers;
    }

    public int in() {
        return spec.in();
    }

    public int out() {
        return spec.out();
    }

    /** Fresh buffers for {@link #forward} and {@link #vjp}; not shareable between threads. */
    public Workspace newWorkspace() {
        return new Workspace(spec);
    }

    /**
     * {@code y = MLP(x)}, caching the activations in {@code ws} for a following {@link #vjp}.
     * {@code y} may alias {@code x}.
     */
    public void forward(double[] theta, double[] x, Workspace ws, double[] y) {
        System.arraycopy(x, 0, ws.input, 0, spec.in());
        double[] a = ws.input;
        for (int l = 0; l < layers.size(); l++) {
            layers.get(l).forward(theta, a, ws.pre[l]);
            spec.activation(l).forward(ws.pre[l], ws.post[l], ws.pre[l].length);
            a = ws.post[l];
        }
        System.arraycopy(a, 0, y, 0, spec.out());
    }

    /**
     * VJP at the point of the last {@link #forward} with {@code ws}: writes {@code gx} (skipped if
     * {@code null}) and adds the parameter gradient into {@code gTheta[gOffset + k]} (skipped if
     * {@code gTheta} is {@code null}). {@code gy} is only read; {@code gx} may alias {@code gy}.
     */
    public void vjp(double[] theta, Workspace ws, double[] gy, double[] gx, double[] gTheta, int gOffset) {
        int last = layers.size() - 1;
        double[] g = gy;
        for (int l = last; l >= 0; l--) {
            double[] d = ws.delta[l];
            spec.activation(l).vjp(ws.pre[l], ws.post[l], g, d, d.length);
            double[] prev = l == 0 ? ws.input : ws.post[l - 1];
            Linear layer = layers.get(l);
            if (gTheta != null) {
                layer.vjpParams(prev, d, gTheta, gOffset);
            }
            if (l > 0) {
                layer.vjpInput(theta, d, ws.back[l - 1]);
                g = ws.back[l - 1];
            } else if (gx != null) {
                layer.vjpInput(theta, d, ws.gInput);
                System.arraycopy(ws.gInput, 0, gx, 0, spec.in());
            }
        }
    }

    /** {@link #vjp(double[], Workspace, double[], double[], double[], int)} with offset 0. */
    public void vjp(double[] theta, Workspace ws, double[] gy, double[] gx, double[] gTheta) {
        vjp(theta, ws, gy, gx, gTheta, 0);
    }

    @Override
    public String toString() {
        return "Mlp" + layers;
    }

    /** Per-thread buffers: the forward activations and the reverse sweep's scratch. */
    public static final class Workspace {
        final double[] input;
        final double[][] pre;
        final double[][] post;
        final double[][] delta;
        final double[][] back;
        final double[] gInput;

        Workspace(MlpSpec spec) {
            int depth = spec.depth();
            input = new double[spec.in()];
            gInput = new double[spec.in()];
            pre = new double[depth][];
            post = new double[depth][];
            delta = new double[depth][];
            back = new double[depth][];
            for (int l = 0; l < depth; l++) {
                int n = spec.layerOut(l);
                pre[l] = new double[n];
                post[l] = new double[n];
                delta[l] = new double[n];
                back[l] = new double[n];
            }
        }
    }
}
