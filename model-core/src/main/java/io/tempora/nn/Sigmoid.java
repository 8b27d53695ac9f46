package io.tempora.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** {@code y = 1 / (1 + e^-x)}, {@code dy/dx = y (1 - y)}. */
public final class Sigmoid implements Activation {

    Sigmoid() {
    }

    /** The logistic function, without overflow for any finite {@code x}. */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    @Override
    public double apply(double x) {
        return sigmoid(x);
    }

    @Override
    public double derivative(double x, double y) {
        return y * (1.0 - y);
    }

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

    @Override
    public String toString() {
        return "sigmoid";
    }
}
