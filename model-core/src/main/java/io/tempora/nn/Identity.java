package io.tempora.nn;

/** {@code y = x}: the activation of a linear output layer. */
public final class Identity implements Activation {

    Identity() {}

    @Override
    public double apply(double x) {
        return x;
    }

    @Override
    public double derivative(double x, double y) {
        return 1.0;
    }

    @Override
    public void forward(double[] x, double[] y, int n) {
        if (x != y) {
            System.arraycopy(x, 0, y, 0, n);
        }
    }

    @Override
    public String toString() {
        return "identity";
    }
}
