package io.tempora.adjoint;

/**
 * {@code [h, Λ]} with {@code dh/dt = mlp(h)} and {@code dΛ/dt = softplus(w·h + b)}: the shape of the
 * event model's state with its compensator carried along. Parameters: the MLP's, then {@code w},
 * then {@code b}, all in one array {@link #params} that perturbing in place changes the field.
 */
final class IntensityAugmented implements DifferentiableField {
    private final TanhMlpField mlp;
    private final int d;
    final double[] params;
    private final double[] h;
    private final double[] dh;
    private final double[] ah;
    private final double[] gm;

    IntensityAugmented(TanhMlpField mlp, double[] head) {
        this.mlp = mlp;
        this.d = mlp.d;
        if (head.length != d + 1) {
            throw new IllegalArgumentException("head needs " + (d + 1) + " values");
        }
        this.params = new double[mlp.theta.length + d + 1];
        System.arraycopy(mlp.theta, 0, params, 0, mlp.theta.length);
        System.arraycopy(head, 0, params, mlp.theta.length, d + 1);
        this.h = new double[d];
        this.dh = new double[d];
        this.ah = new double[d];
        this.gm = new double[mlp.theta.length];
    }

    private void sync() {
        System.arraycopy(params, 0, mlp.theta, 0, mlp.theta.length);
    }

    private double logit(double[] y) {
        int off = mlp.theta.length;
        double z = params[off + d];
        for (int k = 0; k < d; k++) {
            z += params[off + k] * y[k];
        }
        return z;
    }

    static double softplus(double z) {
        return z > 30 ? z : Math.log1p(Math.exp(z));
    }

    @Override
    public int parameterCount() {
        return params.length;
    }

    @Override
    public void evaluate(double t, double[] y, double[] dydt) {
        sync();
        System.arraycopy(y, 0, h, 0, d);
        mlp.evaluate(t, h, dh);
        System.arraycopy(dh, 0, dydt, 0, d);
        dydt[d] = softplus(logit(y));
    }

    @Override
    public void vjp(double t, double[] y, double[] a, double[] dy, double[] dtheta) {
        sync();
        System.arraycopy(y, 0, h, 0, d);
        System.arraycopy(a, 0, dh, 0, d);
        java.util.Arrays.fill(gm, 0);
        mlp.vjp(t, h, dh, ah, gm);
        for (int k = 0; k < gm.length; k++) {
            dtheta[k] += gm[k];
        }
        double z = logit(y);
        double sig = 1 / (1 + Math.exp(-z));
        double aL = a[d] * sig;
        int off = mlp.theta.length;
        for (int k = 0; k < d; k++) {
            dy[k] = ah[k] + aL * params[off + k];
            dtheta[off + k] += aL * y[k];
        }
        dtheta[off + d] += aL;
        dy[d] = 0;
    }
}
