package io.tempora.nn;

/** {@code y = 1 / (1 + e^-x)}, {@code dy/dx = y (1 - y)}. */
public final class Sigmoid implements Activation {

    Sigmoid() {}

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
    public String toString() {
        return "sigmoid";
    }
}
