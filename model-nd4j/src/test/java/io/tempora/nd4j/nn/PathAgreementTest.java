package io.tempora.nd4j.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.nn.Activation;
import io.tempora.nn.Adam;
import io.tempora.nn.AdamConfig;
import io.tempora.nn.Embedding;
import io.tempora.nn.Gradient;
import io.tempora.nn.GruCell;
import io.tempora.nn.Linear;
import io.tempora.nn.Mlp;
import io.tempora.nn.MlpSpec;
import io.tempora.nn.MlpVectorField;
import io.tempora.nn.ParameterSet;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The batched ND4J path and the single-sample plain path, run on the same {@link ParameterSet},
 * agree to 1e-12 (relative to max(1, |value|)) in forward values, input cotangents and parameter
 * gradients (the batched gradient is the sum of the per-row plain ones).
 */
class PathAgreementTest {

    private static final double TOL = 1e-12;

    @Provide
    Arbitrary<Activation> activations() {
        return Arbitraries.of(Activation.TANH, Activation.SOFTPLUS, Activation.SIGMOID, Activation.IDENTITY);
    }

    @Property(tries = 12)
    void activationsAgree(
            @ForAll("activations") Activation act,
            @ForAll @IntRange(min = 1, max = 5) int batch,
            @ForAll @IntRange(min = 1, max = 6) int n,
            @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = rows(rng, batch, n, 8.0);
        // Tails where a naive softplus overflows or loses everything, and tanh's small-|x| branch.
        x[0][0] = 800.0;
        if (n > 1) {
            x[0][1] = -800.0;
        }
        if (n > 2) {
            x[0][2] = 1e-9;
        }
        double[][] c = rows(rng, batch, n, 1.0);
        INDArray xs = nd(x);
        INDArray ys = Nd4j.create(DataType.DOUBLE, batch, n);
        INDArray tmp = Nd4j.create(DataType.DOUBLE, batch, n);
        INDArray gxs = Nd4j.create(DataType.DOUBLE, batch, n);
        NdActivation nda = NdActivations.of(act);
        nda.forward(xs, ys, tmp);
        nda.vjp(xs, ys, nd(c), gxs);
        for (int b = 0; b < batch; b++) {
            double[] y = new double[n];
            double[] gx = new double[n];
            act.forward(x[b], y, n);
            act.vjp(x[b], y, c[b], gx, n);
            assertRow(ys, b, y, act + " forward");
            assertRow(gxs, b, gx, act + " vjp");
        }
    }

    @Property(tries = 10)
    void linearAgrees(
            @ForAll @IntRange(min = 1, max = 6) int batch,
            @ForAll @IntRange(min = 1, max = 7) int in,
            @ForAll @IntRange(min = 1, max = 7) int out,
            @ForAll long seed) {
        ParameterSet.Builder builder = ParameterSet.builder();
        Linear layer = Linear.define(builder, "lin", in, out);
        ParameterSet ps = builder.build();
        SplittableRandom rng = new SplittableRandom(seed);
        ps.setAll(random(rng, ps.size(), 1.0));
        NdParameters ndp = new NdParameters(ps);
        NdGradient ndg = new NdGradient(ps);
        BatchedLinear bl = new BatchedLinear(layer, ndp, ndg, batch);
        double[][] x = rows(rng, batch, in, 2.0);
        double[][] c = rows(rng, batch, out, 1.0);
        INDArray ys = Nd4j.create(DataType.DOUBLE, batch, out);
        INDArray gxs = Nd4j.create(DataType.DOUBLE, batch, in);
        INDArray xs = nd(x);
        bl.forward(xs, ys);
        bl.vjp(xs, nd(c), gxs);
        Gradient batched = ps.newGradient();
        ndg.drainInto(batched);

        Gradient plain = ps.newGradient();
        for (int b = 0; b < batch; b++) {
            double[] y = new double[out];
            double[] gx = new double[in];
            layer.forward(ps.values(), x[b], y);
            layer.vjpInput(ps.values(), c[b], gx);
            layer.vjpParams(x[b], c[b], plain.values());
            assertRow(ys, b, y, "linear forward");
            assertRow(gxs, b, gx, "linear gx");
        }
        assertClose(batched.values(), plain.values(), "linear gTheta");
        assertThat(ndg.flat().sumNumber().doubleValue())
                .as("drained accumulator is zero")
                .isZero();
    }

    @Provide
    Arbitrary<List<Integer>> hiddenSizes() {
        return Arbitraries.integers().between(1, 9).list().ofMaxSize(3);
    }

    @Property(tries = 12)
    void mlpAgrees(
            @ForAll @IntRange(min = 1, max = 6) int batch,
            @ForAll @IntRange(min = 1, max = 5) int in,
            @ForAll("hiddenSizes") List<Integer> hidden,
            @ForAll @IntRange(min = 1, max = 5) int out,
            @ForAll("activations") Activation hiddenAct,
            @ForAll("activations") Activation outAct,
            @ForAll long seed) {
        ParameterSet.Builder builder = ParameterSet.builder();
        Mlp mlp = Mlp.define(builder, "mlp", new MlpSpec(in, hidden, out, hiddenAct, outAct));
        ParameterSet ps = builder.build();
        SplittableRandom rng = new SplittableRandom(seed);
        ps.setAll(random(rng, ps.size(), 1.0));
        NdParameters ndp = new NdParameters(ps);
        NdGradient ndg = new NdGradient(ps);
        BatchedMlp bm = new BatchedMlp(mlp, ndp, ndg, batch);
        double[][] x = rows(rng, batch, in, 2.0);
        double[][] c = rows(rng, batch, out, 1.0);
        INDArray ys = Nd4j.create(DataType.DOUBLE, batch, out);
        INDArray gxs = Nd4j.create(DataType.DOUBLE, batch, in);
        bm.forward(nd(x), ys);
        bm.vjp(nd(c), gxs);
        Gradient batched = ps.newGradient();
        ndg.drainInto(batched);

        Gradient plain = ps.newGradient();
        Mlp.Workspace ws = mlp.newWorkspace();
        for (int b = 0; b < batch; b++) {
            double[] y = new double[out];
            double[] gx = new double[in];
            mlp.forward(ps.values(), x[b], ws, y);
            mlp.vjp(ps.values(), ws, c[b], gx, plain.values());
            assertRow(ys, b, y, "mlp forward");
            assertRow(gxs, b, gx, "mlp gx");
        }
        assertClose(batched.values(), plain.values(), "mlp gTheta");
    }

    @Property(tries = 8)
    void vectorFieldAgrees(
            @ForAll @IntRange(min = 1, max = 8) int batch,
            @ForAll @IntRange(min = 1, max = 6) int d,
            @ForAll @IntRange(min = 1, max = 12) int hidden,
            @ForAll long seed) {
        ParameterSet.Builder builder = ParameterSet.builder();
        Mlp mlp = Mlp.define(builder, "f", MlpSpec.tanh(d, List.of(hidden, hidden), d));
        ParameterSet ps = builder.build();
        ps.initialise(seed);
        NdParameters ndp = new NdParameters(ps);
        NdGradient ndg = new NdGradient(ps);
        BatchedMlpVectorField bf = new BatchedMlpVectorField(mlp, ndp, ndg, batch);
        MlpVectorField pf = new MlpVectorField(mlp, ps);
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] h = rows(rng, batch, d, 1.0);
        double[][] a = rows(rng, batch, d, 1.0);
        INDArray fs = Nd4j.create(DataType.DOUBLE, batch, d);
        INDArray ajs = Nd4j.create(DataType.DOUBLE, batch, d);
        bf.evaluateWithVjp(nd(h), nd(a), fs, ajs);
        Gradient batched = ps.newGradient();
        ndg.drainInto(batched);
        Gradient plain = ps.newGradient();
        for (int b = 0; b < batch; b++) {
            double[] f = new double[d];
            double[] aj = new double[d];
            pf.evaluateWithVjp(h[b], a[b], f, aj, plain.values(), 0);
            assertRow(fs, b, f, "field value");
            assertRow(ajs, b, aj, "a df/dh");
        }
        assertClose(batched.values(), plain.values(), "a df/dtheta");
    }

    @Property(tries = 8)
    void embeddingAgrees(
            @ForAll @IntRange(min = 1, max = 7) int batch,
            @ForAll @IntRange(min = 1, max = 5) int count,
            @ForAll @IntRange(min = 1, max = 4) int dim,
            @ForAll long seed) {
        ParameterSet.Builder builder = ParameterSet.builder();
        Embedding emb = Embedding.define(builder, "type", count, dim);
        ParameterSet ps = builder.build();
        ps.initialise(seed);
        NdGradient ndg = new NdGradient(ps);
        BatchedEmbedding be = new BatchedEmbedding(emb, new NdParameters(ps), ndg, batch);
        SplittableRandom rng = new SplittableRandom(seed);
        int[] k = new int[batch];
        for (int b = 0; b < batch; b++) {
            k[b] = rng.nextInt(count);
        }
        double[][] c = rows(rng, batch, dim, 1.0);
        INDArray ys = Nd4j.create(DataType.DOUBLE, batch, dim);
        be.forward(k, ys);
        be.vjp(nd(c));
        Gradient batched = ps.newGradient();
        ndg.drainInto(batched);
        Gradient plain = ps.newGradient();
        for (int b = 0; b < batch; b++) {
            double[] y = new double[dim];
            emb.forward(ps.values(), k[b], y);
            emb.vjpParams(k[b], c[b], plain.values());
            assertRow(ys, b, y, "embedding forward");
        }
        assertClose(batched.values(), plain.values(), "embedding gTable");
    }

    @Property(tries = 10)
    void gruCellAgrees(
            @ForAll @IntRange(min = 1, max = 6) int batch,
            @ForAll @IntRange(min = 1, max = 5) int in,
            @ForAll @IntRange(min = 1, max = 6) int hidden,
            @ForAll long seed) {
        ParameterSet.Builder builder = ParameterSet.builder();
        GruCell cell = GruCell.define(builder, "jump", in, hidden);
        ParameterSet ps = builder.build();
        SplittableRandom rng = new SplittableRandom(seed);
        ps.setAll(random(rng, ps.size(), 1.0));
        NdGradient ndg = new NdGradient(ps);
        BatchedGruCell bg = new BatchedGruCell(cell, new NdParameters(ps), ndg, batch);
        double[][] x = rows(rng, batch, in, 1.5);
        double[][] h = rows(rng, batch, hidden, 1.0);
        double[][] c = rows(rng, batch, hidden, 1.0);
        INDArray hOut = Nd4j.create(DataType.DOUBLE, batch, hidden);
        INDArray gxs = Nd4j.create(DataType.DOUBLE, batch, in);
        INDArray ghs = Nd4j.create(DataType.DOUBLE, batch, hidden);
        bg.forward(nd(x), nd(h), hOut);
        bg.vjp(nd(c), gxs, ghs);
        Gradient batched = ps.newGradient();
        ndg.drainInto(batched);
        Gradient plain = ps.newGradient();
        GruCell.Workspace ws = cell.newWorkspace();
        for (int b = 0; b < batch; b++) {
            double[] out = new double[hidden];
            double[] gx = new double[in];
            double[] gh = new double[hidden];
            cell.forward(ps.values(), x[b], h[b], ws, out);
            cell.vjp(ps.values(), ws, c[b], gx, gh, plain.values());
            assertRow(hOut, b, out, "gru forward");
            assertRow(gxs, b, gx, "gru gx");
            assertRow(ghs, b, gh, "gru gh");
        }
        assertClose(batched.values(), plain.values(), "gru gTheta");
    }

    @Example
    void afterAnAdamStepBothPathsSeeTheNewParameters() {
        ParameterSet.Builder builder = ParameterSet.builder();
        Mlp mlp = Mlp.define(builder, "f", MlpSpec.tanh(3, List.of(5), 3));
        ParameterSet ps = builder.build();
        ps.initialise(7);
        NdParameters ndp = new NdParameters(ps);
        BatchedMlpVectorField bf = new BatchedMlpVectorField(mlp, ndp, null, 1);
        MlpVectorField pf = new MlpVectorField(mlp, ps);
        double[] h = {0.3, -0.2, 0.9};
        INDArray hs = nd(new double[][] {h});
        INDArray fs = Nd4j.create(DataType.DOUBLE, 1, 3);
        double[] f = new double[3];
        bf.evaluate(hs, fs);
        pf.evaluate(0, h, f);
        double[] before = f.clone();
        assertRow(fs, 0, f, "before the step");

        Gradient g = ps.newGradient();
        java.util.Arrays.fill(g.values(), 1.0);
        new Adam(ps, AdamConfig.of(0.05)).step(g);

        bf.evaluate(hs, fs);
        pf.evaluate(0, h, f);
        assertThat(f).as("the plain path sees the step").isNotEqualTo(before);
        assertRow(fs, 0, f, "after the step");
        // Every mirrored value, not just those the output depends on.
        double[] mirrored = ndp.flat().toDoubleVector();
        assertThat(mirrored).containsExactly(ps.values());
    }

    private static double[][] rows(SplittableRandom rng, int batch, int n, double scale) {
        double[][] r = new double[batch][];
        for (int b = 0; b < batch; b++) {
            r[b] = random(rng, n, scale);
        }
        return r;
    }

    private static INDArray nd(double[][] rows) {
        INDArray a = Nd4j.create(DataType.DOUBLE, rows.length, rows[0].length);
        for (int b = 0; b < rows.length; b++) {
            for (int j = 0; j < rows[b].length; j++) {
                a.putScalar(b, j, rows[b][j]);
            }
        }
        return a;
    }

    private static void assertRow(INDArray m, int row, double[] expected, String what) {
        double[] got = new double[expected.length];
        for (int j = 0; j < got.length; j++) {
            got[j] = m.getDouble(row, j);
        }
        assertClose(got, expected, what + " row " + row);
    }

    /** Asserts {@code |got - expected| <= TOL (1 + |expected|)} componentwise. */
    private static void assertClose(double[] got, double[] expected, String what) {
        assertThat(got).as(what + " length").hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(got[i] - expected[i]);
            assertThat(err)
                    .as("%s[%d]: got %s, expected %s", what, i, got[i], expected[i])
                    .isLessThanOrEqualTo(TOL * (1 + Math.abs(expected[i])));
        }
    }

    private static double[] random(SplittableRandom rng, int n, double scale) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble(-scale, scale);
        }
        return x;
    }
}
