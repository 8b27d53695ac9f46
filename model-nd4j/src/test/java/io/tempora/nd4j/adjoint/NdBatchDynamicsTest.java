package io.tempora.nd4j.adjoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.adjoint.BatchDynamics;
import io.tempora.adjoint.MlpDynamics;
import io.tempora.nn.Mlp;
import io.tempora.nn.MlpSpec;
import io.tempora.nn.ParameterSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link NdBatchDynamics} against the plain {@link BatchDynamics} and the single-sample dynamics. */
class NdBatchDynamicsTest {

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

    /** {@code |a − b| / max(|b|, floor)} in the Euclidean norm. */
    private static double relativeError(double[] a, double[] b, double floor) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += b[i] * b[i];
        }
        return Math.sqrt(num) / Math.max(Math.sqrt(den), floor);
    }

    @Test
    void plainAndNd4jBatchesAgreeAndSumTheSamples() {
        int batch = 6;
        ParameterSet.Builder b = ParameterSet.builder();
        Mlp mlp = mlp(b);
        ParameterSet ps = b.build();
        ps.initialise(5);
        BatchDynamics plain = BatchDynamics.plain(mlp, ps, batch);
        BatchDynamics nd = new NdBatchDynamics(mlp, ps, batch);
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
        assertThat(relativeError(f2, f1, 1e-12)).isLessThan(1e-12);
        assertThat(relativeError(g2, g1, 1e-12)).isLessThan(1e-12);
        assertThat(relativeError(th2, th1, 1e-12)).isLessThan(1e-12);

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
        assertThat(relativeError(th1, thSum, 1e-12)).isLessThan(1e-13);

        // An optimiser step changes the shared parameters; the ND4J mirror must see it.
        ps.set(0, ps.values()[0] + 0.25);
        plain.evaluate(0, y, f1);
        nd.evaluate(0, y, f2);
        assertThat(relativeError(f2, f1, 1e-12)).isLessThan(1e-12);
    }
}
