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
        return Math.max(x, 0.0) + log1p(Math.exp(-Math.abs(x)));
    }

    /**
     * {@code log(1 + e)} for {@code e >= 0} within a few ulps, through {@code Math.log} (a JIT
     * intrinsic; {@code Math.log1p} is a native call on Java 17): with {@code u = fl(1 + e)},
     * {@code log(u) · e / (u − 1)} cancels the rounding of {@code u} to first order (Goldberg,
     * "What every computer scientist should know about floating-point arithmetic", 1991, Theorem 4).
     */
    static double log1p(double e) {
        double u = 1.0 + e;
        if (u == 1.0) {
            return e;
        }
        return Math.log(u) * (e / (u - 1.0));
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
