package io.tempora.adjoint;

import java.util.SplittableRandom;

/**
 * A small test field {@code f(y) = W2 tanh(W1 y + b1) + b2}, written out by hand so the gradient
 * methods are tested independently of the project's layer code. Parameters in the order W1, b1,
 * W2, b2 (row-major).
 */
final class TanhMlpField implements DifferentiableField {
    final int d;
    final int hidden;
    final double[] theta;
    private final double[] pre;
    private final double[] act;
    private final double[] g;

    TanhMlpField(int d, int hidden, long seed, double scale) {
        this.d = d;
        this.hidden = hidden;
        this.theta = new double[hidden * d + hidden + d * hidden + d];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < theta.length; i++) {
            theta[i] = scale * (2 * r.nextDouble() - 1);
        }
        pre = new double[hidden];
        act = new double[hidden];
        g = new double[hidden];
    }

    private int w1() {
        return 0;
    }

    private int b1() {
        return hidden * d;
    }

    private int w2() {
        return hidden * d + hidden;
    }

    private int b2() {
        return hidden * d + hidden + d * hidden;
    }

    @Override
    public int parameterCount() {
        return theta.length;
    }

    @Override
    public void evaluate(double t, double[] y, double[] dydt) {
        forward(y);
        for (int i = 0; i < d; i++) {
            double s = theta[b2() + i];
            for (int j = 0; j < hidden; j++) {
                s += theta[w2() + i * hidden + j] * act[j];
            }
            dydt[i] = s;
        }
    }

    private void forward(double[] y) {
        for (int j = 0; j < hidden; j++) {
            double s = theta[b1() + j];
            for (int k = 0; k < d; k++) {
                s += theta[w1() + j * d + k] * y[k];
            }
            pre[j] = s;
            act[j] = Math.tanh(s);
        }
    }

    @Override
    public void vjp(double t, double[] y, double[] a, double[] dy, double[] dtheta) {
        forward(y);
        for (int i = 0; i < d; i++) {
            dtheta[b2() + i] += a[i];
            for (int j = 0; j < hidden; j++) {
                dtheta[w2() + i * hidden + j] += a[i] * act[j];
            }
        }
        for (int j = 0; j < hidden; j++) {
            double s = 0;
            for (int i = 0; i < d; i++) {
                s += a[i] * theta[w2() + i * hidden + j];
            }
            g[j] = s * (1 - act[j] * act[j]);
            dtheta[b1() + j] += g[j];
        }
        for (int k = 0; k < d; k++) {
            double s = 0;
            for (int j = 0; j < hidden; j++) {
                s += g[j] * theta[w1() + j * d + k];
                dtheta[w1() + j * d + k] += g[j] * y[k];
            }
            dy[k] = s;
        }
    }
}
