package io.tempora.nn;

import static io.tempora.nn.FiniteDifferences.assertClose;
import static io.tempora.nn.FiniteDifferences.dot;
import static io.tempora.nn.FiniteDifferences.gradient;
import static io.tempora.nn.FiniteDifferences.random;

import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Every layer's vector-Jacobian product on the plain path against central finite differences of
 * {@code L = <c, layer(x; theta)>} with a random cotangent {@code c}, over random shapes and values.
 * (The batched path is held equal to this one by {@link PathAgreementTest}.)
 */
class LayerGradientTest {

    private static final double TOL = 1e-7;

    @Provide
    Arbitrary<Activation> activations() {
        return Arbitraries.of(Activation.TANH, Activation.SOFTPLUS, Activation.SIGMOID, Activation.IDENTITY);
    }

    @Property(tries = 40)
    void activationVjpMatchesFiniteDifferences(
            @ForAll("activations") Activation act, @ForAll @IntRange(min = 1, max = 8) int n, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        // Covers both of Tanh's branches (|x| < 0.55 and above) and softplus/sigmoid tails.
        double[] x = random(rng, n, 6.0);
        double[] c = random(rng, n, 1.0);
        double[] y = new double[n];
        act.forward(x, y, n);
        double[] gx = new double[n];
        act.vjp(x, y, c, gx, n);
        double[] expected = gradient(
                p -> {
                    double[] out = new double[n];
                    act.forward(p, out, n);
                    return dot(c, out);
                },
                x);
        assertClose(gx, expected, TOL, act + " input cotangent");
    }

    @Property(tries = 30)
    void linearVjpMatchesFiniteDifferences(
            @ForAll @IntRange(min = 1, max = 6) int in,
            @ForAll @IntRange(min = 1, max = 6) int out,
            @ForAll long seed) {
        ParameterSet.Builder b = ParameterSet.builder();
        Linear layer = Linear.define(b, "lin", in, out);
        ParameterSet ps = b.build();
        SplittableRandom rng = new SplittableRandom(seed);
        double[] theta = random(rng, ps.size(), 1.0);
        double[] x = random(rng, in, 2.0);
        double[] c = random(rng, out, 1.0);
        double[] gx = new double[in];
        double[] gTheta = random(rng, ps.size(), 1.0);
        double[] before = gTheta.clone();
        layer.vjpInput(theta, c, gx);
        layer.vjpParams(x, c, gTheta);
        double[] y = new double[out];
        assertClose(
                gx,
                gradient(
                        p -> {
                            layer.forward(theta, p, y);
                            return dot(c, y);
                        },
                        x),
                TOL,
                "linear gx");
        double[] fdTheta = gradient(
                p -> {
                    layer.forward(p, x, y);
                    return dot(c, y);
                },
                theta);
        assertClose(minus(gTheta, before), fdTheta, TOL, "linear gTheta (accumulated)");
    }

    @Provide
    Arbitrary<List<Integer>> hiddenSizes() {
        return Arbitraries.integers().between(1, 7).list().ofMaxSize(3);
    }

    @Property(tries = 30)
    void mlpVjpMatchesFiniteDifferences(
            @ForAll @IntRange(min = 1, max = 5) int in,
            @ForAll("hiddenSizes") List<Integer> hidden,
            @ForAll @IntRange(min = 1, max = 5) int out,
            @ForAll("activations") Activation hiddenAct,
            @ForAll("activations") Activation outAct,
            @ForAll long seed) {
        ParameterSet.Builder b = ParameterSet.builder();
        Mlp mlp = Mlp.define(b, "mlp", new MlpSpec(in, hidden, out, hiddenAct, outAct));
        ParameterSet ps = b.build();
        ps.initialise(seed);
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double[] theta = ps.values();
        // Non-zero biases so every path through the network is exercised.
        for (Parameter p : ps.parameters()) {
            if (p.rank() == 1) {
                for (int i = 0; i < p.size(); i++) {
                    theta[p.offset() + i] = rng.nextDouble(-0.5, 0.5);
                }
            }
        }
        double[] x = random(rng, in, 1.5);
        double[] c = random(rng, out, 1.0);
        Mlp.Workspace ws = mlp.newWorkspace();
        double[] y = new double[out];
        mlp.forward(theta, x, ws, y);
        double[] gx = new double[in];
        double[] gTheta = new double[ps.size()];
        mlp.vjp(theta, ws, c, gx, gTheta);

        Mlp.Workspace scratch = mlp.newWorkspace();
        double[] yy = new double[out];
        assertClose(
                gx,
                gradient(
                        p -> {
                            mlp.forward(theta, p, scratch, yy);
                            return dot(c, yy);
                        },
                        x),
                TOL,
                "mlp gx");
        double[] copy = theta.clone();
        assertClose(
                gTheta,
                gradient(
                        p -> {
                            mlp.forward(p, x, scratch, yy);
                            return dot(c, yy);
                        },
                        copy),
                TOL,
                "mlp gTheta");
    }

    @Property(tries = 20)
    void vectorFieldVjpMatchesFiniteDifferencesWithOffset(
            @ForAll @IntRange(min = 1, max = 5) int d,
            @ForAll @IntRange(min = 1, max = 8) int hidden,
            @ForAll @IntRange(min = 0, max = 7) int offset,
            @ForAll long seed) {
        ParameterSet.Builder b = ParameterSet.builder();
        Mlp mlp = Mlp.define(b, "f", MlpSpec.tanh(d, List.of(hidden), d));
        ParameterSet ps = b.build();
        ps.initialise(seed);
        MlpVectorField field = new MlpVectorField(mlp, ps);
        SplittableRandom rng = new SplittableRandom(seed + 1);
        double[] h = random(rng, d, 1.0);
        double[] a = random(rng, d, 1.0);
        double[] f = new double[d];
        double[] aJ = new double[d];
        double[] aug = new double[offset + ps.size()];
        field.evaluateWithVjp(h, a, f, aJ, aug, offset);

        double[] out = new double[d];
        assertClose(
                aJ,
                gradient(
                        p -> {
                            field.evaluate(0.0, p, out);
                            return dot(a, out);
                        },
                        h.clone()),
                TOL,
                "a df/dh");
        double[] theta = ps.copyValues();
        double[] fd = gradient(
                p -> {
                    ps.setAll(p);
                    field.evaluate(0.0, h, out);
                    return dot(a, out);
                },
                theta.clone());
        ps.setAll(theta);
        double[] got = new double[ps.size()];
        System.arraycopy(aug, offset, got, 0, ps.size());
        assertClose(got, fd, TOL, "a df/dtheta");
        for (int i = 0; i < offset; i++) {
            org.assertj.core.api.Assertions.assertThat(aug[i])
                    .as("slot before the offset")
                    .isZero();
        }
    }

    @Property(tries = 20)
    void embeddingVjpMatchesFiniteDifferences(
            @ForAll @IntRange(min = 1, max = 6) int count,
            @ForAll @IntRange(min = 1, max = 5) int dim,
            @ForAll long seed) {
        ParameterSet.Builder b = ParameterSet.builder();
        Embedding emb = Embedding.define(b, "type", count, dim);
        ParameterSet ps = b.build();
        ps.initialise(seed);
        SplittableRandom rng = new SplittableRandom(seed);
        int k = rng.nextInt(count);
        double[] c = random(rng, dim, 1.0);
        double[] gTheta = new double[ps.size()];
        emb.vjpParams(k, c, gTheta);
        double[] y = new double[dim];
        assertClose(
                gTheta,
                gradient(
                        p -> {
                            emb.forward(p, k, y);
                            return dot(c, y);
                        },
                        ps.copyValues()),
                TOL,
                "embedding gTable");
    }

    @Property(tries = 30)
    void gruCellVjpMatchesFiniteDifferences(
            @ForAll @IntRange(min = 1, max = 5) int in,
            @ForAll @IntRange(min = 1, max = 5) int hidden,
            @ForAll long seed) {
        ParameterSet.Builder b = ParameterSet.builder();
        GruCell cell = GruCell.define(b, "jump", in, hidden);
        ParameterSet ps = b.build();
        SplittableRandom rng = new SplittableRandom(seed);
        double[] theta = random(rng, ps.size(), 1.0);
        double[] x = random(rng, in, 1.5);
        double[] h = random(rng, hidden, 1.0);
        double[] c = random(rng, hidden, 1.0);
        GruCell.Workspace ws = cell.newWorkspace();
        double[] hOut = new double[hidden];
        cell.forward(theta, x, h, ws, hOut);
        double[] gx = new double[in];
        double[] gh = new double[hidden];
        double[] gTheta = new double[ps.size()];
        cell.vjp(theta, ws, c, gx, gh, gTheta);

        GruCell.Workspace scratch = cell.newWorkspace();
        double[] out = new double[hidden];
        assertClose(
                gx,
                gradient(
                        p -> {
                            cell.forward(theta, p, h, scratch, out);
                            return dot(c, out);
                        },
                        x.clone()),
                TOL,
                "gru gx");
        assertClose(
                gh,
                gradient(
                        p -> {
                            cell.forward(theta, x, p, scratch, out);
                            return dot(c, out);
                        },
                        h.clone()),
                TOL,
                "gru gh");
        assertClose(
                gTheta,
                gradient(
                        p -> {
                            cell.forward(p, x, h, scratch, out);
                            return dot(c, out);
                        },
                        theta.clone()),
                TOL,
                "gru gTheta");
    }

    private static double[] minus(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }
}
