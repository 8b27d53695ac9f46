package io.tempora.nd4j.nn;

import io.tempora.nn.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The ND4J forms of the built-in {@link Activation}s ({@link Activation#TANH}, {@link Activation#SOFTPLUS},
 * {@link Activation#SIGMOID}, {@link Activation#IDENTITY}), which agree with the plain path to rounding
 * (tested in {@code PathAgreementTest}).
 */
public final class NdActivations {

    /** {@code tanh}; {@code f' = 1 − y²}. */
    static final NdActivation TANH = new NdActivation() {
        @Override
        public void forward(INDArray x, INDArray y, INDArray tmp) {
            y.assign(x);
            Transforms.tanh(y, false);
        }

        @Override
        public void vjp(INDArray x, INDArray y, INDArray gy, INDArray gx) {
            gx.assign(y);
            gx.muli(y).rsubi(1.0).muli(gy);
        }
    };

    /**
     * {@code softplus(x) = max(x, 0) + log1p(e^{−|x|})}, built from elementary ops: ND4J's own
     * {@code softPlus} computes {@code log(1 + exp(x))}, which overflows to infinity for {@code x > 709}.
     * {@code f' = sigmoid(x)}.
     */
    static final NdActivation SOFTPLUS = new NdActivation() {
        @Override
        public void forward(INDArray x, INDArray y, INDArray tmp) {
            y.assign(x);
            Transforms.abs(y, false);
            y.negi();
            Transforms.exp(y, false);
            Transforms.log1p(y, false);
            tmp.assign(x);
            Transforms.relu(tmp, false);
            y.addi(tmp);
        }

        @Override
        public void vjp(INDArray x, INDArray y, INDArray gy, INDArray gx) {
            gx.assign(x);
            Transforms.sigmoid(gx, false);
            gx.muli(gy);
        }
    };

    /** {@code 1 / (1 + e^-x)}; {@code f' = y (1 − y)}. */
    static final NdActivation SIGMOID = new NdActivation() {
        @Override
        public void forward(INDArray x, INDArray y, INDArray tmp) {
            y.assign(x);
            Transforms.sigmoid(y, false);
        }

        @Override
        public void vjp(INDArray x, INDArray y, INDArray gy, INDArray gx) {
            gx.assign(y);
            gx.rsubi(1.0).muli(y).muli(gy);
        }
    };

    /** {@code x}; {@code f' = 1}. */
    static final NdActivation IDENTITY = new NdActivation() {
        @Override
        public void forward(INDArray x, INDArray y, INDArray tmp) {
            y.assign(x);
        }

        @Override
        public void vjp(INDArray x, INDArray y, INDArray gy, INDArray gx) {
            gx.assign(gy);
        }
    };

    private NdActivations() {}

    /**
     * The ND4J form of {@code activation}.
     *
     * @throws IllegalArgumentException if it is not one of the built-in activations (the batched path has
     *                                  no generic elementwise fallback)
     */
    public static NdActivation of(Activation activation) {
        if (activation == Activation.TANH) {
            return TANH;
        }
        if (activation == Activation.SOFTPLUS) {
            return SOFTPLUS;
        }
        if (activation == Activation.SIGMOID) {
            return SIGMOID;
        }
        if (activation == Activation.IDENTITY) {
            return IDENTITY;
        }
        throw new IllegalArgumentException("the batched ND4J path has no form of the activation " + activation
                + "; it supports tanh, softplus, sigmoid and identity");
    }
}
