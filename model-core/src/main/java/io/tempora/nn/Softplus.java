package io.tempora.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@code y = log(1 + e^x)}, {@code dy/dx = sigmoid(x)}, in the overflow-free form
 * <pre>
 *   softplus(x) = max(x, 0) + log1p(exp(-|x|))
 * </pre>
 * ND4J's own {@code softPlus} computes {@code log(1 + exp(x))}, which overflows to infinity for
 * {@code x > 709}, so the batched path builds the stable form from elementary ops instead.
 */
public final class Softplus implements Activation {

    Softplus() {
    }

    /** Stable softplus. */
    public static double softplus(double x) {
        return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    @Override
    public double apply(double x) {
        return softplus(x);
    }

    @Override
    public double derivative(double x, double y) {
        return Sigmoid.sigmoid(x);
    }

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

    @Override
    public String toString() {
        return "softplus";
    }
}
