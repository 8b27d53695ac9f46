package io.tempora.nn;

/**
 * The autonomous ODE vector field {@code dh/dt = f(h) = MLP(h)} on the plain (single-sample) path,
 * with the products the adjoint method needs (Chen et al. 2018, eq. 4):
 * <pre>
 *   f(h),    a^T df/dh,    a^T df/dtheta
 * </pre>
 * {@link #evaluate(double, double[], double[])} has the shape of an ODE right-hand side and caches
 * the MLP activations; {@link #vjp} then differentiates at that point without recomputing it.
 * Parameters are read live from the {@link ParameterSet}, so an optimiser step is seen by the next
 * call. Allocates nothing per call. Not thread-safe: one instance per thread.
 */
public final class MlpVectorField {

    private final Mlp mlp;
    private final ParameterSet params;
    private final Mlp.Workspace ws;

    /** {@code mlp} must map {@code R^D -> R^D} and belong to {@code params}' layout. */
    public MlpVectorField(Mlp mlp, ParameterSet params) {
        if (mlp.in() != mlp.out()) {
            throw new IllegalArgumentException(
                    "a vector field needs in == out but the MLP maps " + mlp.in() + " -> " + mlp.out());
        }
        this.mlp = mlp;
        this.params = params;
        this.ws = mlp.newWorkspace();
    }

    public Mlp mlp() {
        return mlp;
    }

    public ParameterSet params() {
        return params;
    }

    /** State dimension {@code D}. */
    public int dimension() {
        return mlp.in();
    }

    /**
     * {@code dydt = f(y)}; {@code t} is ignored (autonomous field). Caches activations for
     * {@link #vjp}. {@code dydt} may alias {@code y}.
     */
    public void evaluate(double t, double[] y, double[] dydt) {
        mlp.forward(params.values(), y, ws, dydt);
    }

    /**
     * At the point of the last {@link #evaluate}: writes {@code aDfDh = a^T df/dh} (skipped when
     * {@code null}) and adds {@code a^T df/dtheta} into {@code gTheta[gOffset + k]} (skipped when
     * {@code gTheta} is {@code null}). {@code aDfDh} may alias {@code a}.
     */
    public void vjp(double[] a, double[] aDfDh, double[] gTheta, int gOffset) {
        mlp.vjp(params.values(), ws, a, aDfDh, gTheta, gOffset);
    }

    /** {@link #vjp(double[], double[], double[], int)} with offset 0. */
    public void vjp(double[] a, double[] aDfDh, double[] gTheta) {
        vjp(a, aDfDh, gTheta, 0);
    }

    /** {@link #evaluate} at {@code h} into {@code f}, then {@link #vjp} with cotangent {@code a}. */
    public void evaluateWithVjp(double[] h, double[] a, double[] f, double[] aDfDh, double[] gTheta, int gOffset) {
        evaluate(0.0, h, f);
        vjp(a, aDfDh, gTheta, gOffset);
    }
}
