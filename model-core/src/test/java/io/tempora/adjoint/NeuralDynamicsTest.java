package io.tempora.adjoint;

import io.tempora.nn.Mlp;
import io.tempora.nn.MlpSpec;
import io.tempora.nn.ParameterSet;
import io.tempora.ode.DormandPrince54;
import io.tempora.ode.RungeKuttaSolver;
import io.tempora.ode.SolverSettings;
import io.tempora.ode.Tolerances;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The adapters from the layer library to the gradient methods, on both execution paths. */
class NeuralDynamicsTest {

    private static final int D = 5;
    private static final int H = 7;

    private static Mlp mlp(ParameterSet.Builder b) {
        return Mlp.define(b, "dynamics", MlpSpec.tanh(D, List.of(H), D));
    }

    private static double[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 2 * r.nextDouble() - 1;
        }
        return v;
    }

    @Test
    void mlpDynamicsGradientMatchesFiniteDifferences() {
        ParameterSet.Builder b = ParameterSet.builder();
        Mlp mlp = mlp(b);
        ParameterSet ps = b.build();
        ps.initialise(3);
        MlpDynamics f = new MlpDynamics(mlp, ps);
        double[] y0 = random(D, 9);
        double[] times = {0.5, 1.5};
        OutputLoss loss = (i, t, y, dLdy) -> {
            double s = 0;
            for (int k = 0; k < y.length; k++) {
                s += (i + 1) * y[k] * y[k];
                dLdy[k] = 2 * (i + 1) * y[k];
            }
            return s;
        };
        SolverSettings tight = SolverSettings.adaptive(DormandPrince54.TABLEAU, Tolerances.of(1e-11, 1e-11));
        Gradients g = AdjointMethod.of(tight).seminorm(true).gradient(f, 0, y0, times, loss);
        RungeKuttaSolver ref = RungeKuttaSolver.builder(DormandPrince54.TABLEAU)
                .tolerances(Tolerances.of(1e-13, 1e-13)).build(D);
        double[] theta = ps.values();
        double[] fd = new double[theta.length];
        for (int k = 0; k < theta.length; k++) {
            double keep = theta[k];
            theta[k] = keep + 1e-4;
            ps.markModified();
            double up = GradientCheck.loss(ref, f, 0, y0, times, loss);
            theta[k] = keep - 1e-4;
            ps.markModified();
            double down = GradientCheck.loss(ref, f, 0, y0, times, loss);
            theta[k] = keep;
            ps.markModified();
            fd[k] = (up - down) / 2e-4;
        }
        assertThat(GradientCheck.relativeError(g.dLdTheta(), fd, 1e-3)).isLessThan(1e-6);
    }

    @Test
    void plainAndNd4jBatchesAgreeAndSumTheSamples() {
        int batch = 6;
        ParameterSet.Builder b = ParameterSet.builder();
        Mlp mlp = mlp(b);
        ParameterSet ps = b.build();
        ps.initialise(5);
        BatchDynamics plain = BatchDynamics.plain(mlp, ps, batch);
        BatchDynamics nd = BatchDynamics.nd4j(mlp, ps, batch);
        double[] y = random(batch * D, 1);
        double[] a = random(batch * D, 2);
        double[] f1 = new double[batch * D];
        double[] f2 = new double[batch * D];
        double[] g1 = new double[batch * D];
        double[] g2 = new double[batch * D];
        double[] th1 = new double[ps.size()];
        double[] th2 = new double[ps.size()];
        plain.evaluateAndVjp(0, y, a, f1, g1, th1);
        nd.evaluateAndVjp(0, y, a, f2, g2, th2);
        assertThat(GradientCheck.relativeError(f2, f1, 1e-12)).isLessThan(1e-12);
        assertThat(GradientCheck.relativeError(g2, g1, 1e-12)).isLessThan(1e-12);
        assertThat(GradientCheck.relativeError(th2, th1, 1e-12)).isLessThan(1e-12);

        MlpDynamics single = new MlpDynamics(mlp, ps);
        double[] thSum = new double[ps.size()];
        double[] hs = new double[D];
        double[] as = new double[D];
        double[] fs = new double[D];
        double[] gs = new double[D];
        for (int s = 0; s < batch; s++) {
            System.arraycopy(y, s * D, hs, 0, D);
            System.arraycopy(a, s * D, as, 0, D);
            single.evaluateAndVjp(0, hs, as, fs, gs, thSum);
            for (int k = 0; k < D; k++) {
                assertThat(f1[s * D + k]).isEqualTo(fs[k]);
                assertThat(g1[s * D + k]).isEqualTo(gs[k]);
            }
        }
        assertThat(GradientCheck.relativeError(th1, thSum, 1e-12)).isLessThan(1e-13);

        // An optimiser step changes the shared parameters; the ND4J mirror must see it.
        ps.values()[0] += 0.25;
        ps.markModified();
        plain.evaluate(0, y, f1);
        nd.evaluate(0, y, f2);
        assertThat(GradientCheck.relativeError(f2, f1, 1e-12)).isLessThan(1e-12);
    }
}
