package io.tempora.nn;

/**
 * {@link FieldKernel} in plain Java: {@link ScalarDenseKernel#affine} (every row summed left to right, a
 * multiply then an add), {@link Tanh#tanh} and {@link Softplus#softplus}, so bit-identical to the
 * training path. Reads the parameters in place; {@link #pack} records where they are.
 */
final class ScalarFieldKernel implements FieldKernel {

    private final int d;
    private final int hidden;
    private final int k;
    private final double[] gamma;
    private final double[] a;
    private double[] theta;
    private int w1;
    private int b1;
    private int w2;
    private int b2;
    private int wl;
    private int bl;

    ScalarFieldKernel(int d, int hidden, int k) {
        FieldKernels.requireShape(d, hidden, k);
        this.d = d;
        this.hidden = hidden;
        this.k = k;
        this.gamma = new double[d];
        this.a = new double[hidden];
    }

    @Override
    public void pack(double[] theta, int w1, int b1, int w2, int b2, int wl, int bl, double[] gamma) {
        this.theta = theta;
        this.w1 = w1;
        this.b1 = b1;
        this.w2 = w2;
        this.b2 = b2;
        this.wl = wl;
        this.bl = bl;
        System.arraycopy(gamma, 0, this.gamma, 0, d);
    }

    @Override
    public void evaluate(double[] x, double[] dxdt, double[] lambda) {
        ScalarDenseKernel.affine(theta, wl, bl, d, k, x, lambda);
        for (int j = 0; j < k; j++) {
            lambda[j] = Softplus.softplus(lambda[j]);
        }
        ScalarDenseKernel.affine(theta, w1, b1, d, hidden, x, a);
        for (int j = 0; j < hidden; j++) {
            a[j] = Tanh.tanh(a[j]);
        }
        ScalarDenseKernel.affine(theta, w2, b2, hidden, d, a, dxdt);
        for (int j = 0; j < d; j++) {
            dxdt[j] -= gamma[j] * x[j];
        }
    }
}
