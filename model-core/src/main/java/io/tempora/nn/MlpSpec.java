package io.tempora.nn;

import java.util.List;

/**
 * The shape of an {@link Mlp}: {@code in -> hidden[0] -> ... -> hidden[k-1] -> out}, with
 * {@code hiddenActivation} after every hidden layer and {@code outputActivation} after the last.
 *
 * @param in               input size, &gt;= 1
 * @param hidden           hidden sizes, each &gt;= 1; may be empty (then the MLP is one affine layer)
 * @param out              output size, &gt;= 1
 * @param hiddenActivation e.g. {@link Activation#TANH}
 * @param outputActivation e.g. {@link Activation#IDENTITY}
 */
public record MlpSpec(int in, List<Integer> hidden, int out, Activation hiddenActivation, Activation outputActivation) {

    public MlpSpec {
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("MLP needs in >= 1 and out >= 1 but got in=" + in + ", out=" + out);
        }
        hidden = List.copyOf(hidden);
        for (int h : hidden) {
            if (h <= 0) {
                throw new IllegalArgumentException("MLP hidden sizes must be >= 1 but got " + hidden);
            }
        }
        if (hiddenActivation == null || outputActivation == null) {
            throw new IllegalArgumentException("MLP activations must not be null; use Activation.IDENTITY for none");
        }
    }

    /** {@code in -> hidden... -> out}, tanh hidden layers, linear output: the usual ODE vector field. */
    public static MlpSpec tanh(int in, List<Integer> hidden, int out) {
        return new MlpSpec(in, hidden, out, Activation.TANH, Activation.IDENTITY);
    }

    /** Number of affine layers: {@code hidden.size() + 1}. */
    public int depth() {
        return hidden.size() + 1;
    }

    /** Input size of affine layer {@code l}. */
    public int layerIn(int l) {
        return l == 0 ? in : hidden.get(l - 1);
    }

    /** Output size of affine layer {@code l}. */
    public int layerOut(int l) {
        return l == hidden.size() ? out : hidden.get(l);
    }

    /** Activation after affine layer {@code l}. */
    public Activation activation(int l) {
        return l == hidden.size() ? outputActivation : hiddenActivation;
    }
}
