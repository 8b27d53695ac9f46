package io.tempora.adjoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.nn.Mlp;
import io.tempora.nn.MlpSpec;
import io.tempora.nn.ParameterSet;
import io.tempora.ode.DormandPrince54;
import io.tempora.ode.RungeKuttaSolver;
import io.tempora.ode.SolverSettings;
import io.tempora.ode.Tolerances;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The adapters from the layer library to the gradient methods. */
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
                .tolerances(Tolerances.of(1e-13, 1e-13))
                .build(D);
        double[] theta = ps.values();
        double[] fd = new double[theta.length];
        for (int k = 0; k < theta.length; k++) {
            double keep = theta[k];
            ps.set(k, keep + 1e-4);
            double up = GradientCheck.loss(ref, f, 0, y0, times, loss);
            ps.set(k, keep - 1e-4);
            double down = GradientCheck.loss(ref, f, 0, y0, times, loss);
            ps.set(k, keep);
            fd[k] = (up - down) / 2e-4;
        }
        assertThat(GradientCheck.relativeError(g.dLdTheta(), fd, 1e-3)).isLessThan(1e-6);
    }
}
