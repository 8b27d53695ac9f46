package io.tempora.adjoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tempora.ode.DormandPrince54;
import io.tempora.ode.RungeKuttaSolver;
import io.tempora.ode.SolverException;
import io.tempora.ode.SolverSettings;
import io.tempora.ode.Tolerances;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GradientMethodTest {

    private static final SolverSettings TIGHT =
            SolverSettings.adaptive(DormandPrince54.TABLEAU, Tolerances.of(1e-11, 1e-11));

    static Stream<Arguments> methods() {
        return Stream.of(
                Arguments.of("adjoint", AdjointMethod.of(TIGHT)),
                Arguments.of("adjoint+seminorm", AdjointMethod.of(TIGHT).seminorm(true)),
                Arguments.of("direct", new DirectBackprop(TIGHT)));
    }

    /** {@code y' = θy}, {@code L = y(T)²/2}: every gradient in closed form. */
    static final class Exponential implements DifferentiableField {
        final double theta;

        Exponential(double theta) {
            this.theta = theta;
        }

        @Override
        public int parameterCount() {
            return 1;
        }

        @Override
        public void evaluate(double t, double[] y, double[] dydt) {
            dydt[0] = theta * y[0];
        }

        @Override
        public void vjp(double t, double[] y, double[] a, double[] dy, double[] dtheta) {
            dy[0] = a[0] * theta;
            dtheta[0] += a[0] * y[0];
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void exponentialGrowthAndDecayInBothDirections(String name, GradientMethod method) {
        for (double theta : new double[] {-1.3, 0.7}) {
            for (double[] span : new double[][] {{0.5, 2.0}, {2.0, -0.5}}) {
                double t0 = span[0];
                double tEnd = span[1];
                double y0 = 1.7;
                Gradients g = method.gradient(
                        new Exponential(theta), t0, new double[] {y0}, new double[] {tEnd}, (i, t, y, dLdy) -> {
                            dLdy[0] = y[0];
                            return 0.5 * y[0] * y[0];
                        });
                double span1 = tEnd - t0;
                double yT = y0 * Math.exp(theta * span1);
                assertThat(g.loss()).isCloseTo(0.5 * yT * yT, within(1e-9 * yT * yT));
                assertThat(g.dLdy0()[0])
                        .as("dL/dy0")
                        .isCloseTo(yT * Math.exp(theta * span1), within(1e-8 * Math.abs(yT)));
                assertThat(g.dLdTheta()[0]).as("dL/dθ").isCloseTo(yT * yT * span1, within(1e-8 * yT * yT));
                assertThat(g.dLdTimes()[0]).as("dL/dT").isCloseTo(theta * yT * yT, within(1e-8 * yT * yT));
                assertThat(g.dLdt0()).as("dL/dt0").isCloseTo(-theta * yT * yT, within(1e-8 * yT * yT));
            }
        }
    }

    /**
     * A damped rotation {@code y' = [[−α, −ω], [ω, −α]] y}: {@code y(T) = e^{−αT} R(ωT) y0}, so with
     * {@code L = c·y(T)} the gradients are {@code e^{−αT} R(ωT)ᵀ c}, {@code −T·L} and
     * {@code T e^{−αT} c·R'(ωT) y0}.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void dampedRotationHasItsClosedFormGradient(String name, GradientMethod method) {
        double alpha = 0.3;
        double omega = 2.1;
        DifferentiableField rot = new DifferentiableField() {
            @Override
            public int parameterCount() {
                return 2;
            }

            @Override
            public void evaluate(double t, double[] y, double[] dydt) {
                dydt[0] = -alpha * y[0] - omega * y[1];
                dydt[1] = omega * y[0] - alpha * y[1];
            }

            @Override
            public void vjp(double t, double[] y, double[] a, double[] dy, double[] dtheta) {
                dy[0] = -alpha * a[0] + omega * a[1];
                dy[1] = -omega * a[0] - alpha * a[1];
                dtheta[0] += -a[0] * y[0] - a[1] * y[1];
                dtheta[1] += -a[0] * y[1] + a[1] * y[0];
            }
        };
        double[] c = {0.8, -1.1};
        double[] y0 = {1.0, 0.5};
        double big = 3.0;
        Gradients g = method.gradient(rot, 0, y0, new double[] {big}, (i, t, y, dLdy) -> {
            dLdy[0] = c[0];
            dLdy[1] = c[1];
            return c[0] * y[0] + c[1] * y[1];
        });
        double e = Math.exp(-alpha * big);
        double cs = Math.cos(omega * big);
        double sn = Math.sin(omega * big);
        double[] yT = {e * (cs * y0[0] - sn * y0[1]), e * (sn * y0[0] + cs * y0[1])};
        double loss = c[0] * yT[0] + c[1] * yT[1];
        double[] dy0 = {e * (cs * c[0] + sn * c[1]), e * (-sn * c[0] + cs * c[1])};
        double[] rPrimeY0 = {-sn * y0[0] - cs * y0[1], cs * y0[0] - sn * y0[1]};
        double dOmega = big * e * (c[0] * rPrimeY0[0] + c[1] * rPrimeY0[1]);
        assertThat(g.loss()).isCloseTo(loss, within(1e-9));
        assertThat(g.dLdy0()).containsExactly(dy0, within(1e-8));
        assertThat(g.dLdTheta()).containsExactly(new double[] {-big * loss, dOmega}, within(1e-8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void mlpFieldWithSeveralOutputTimesMatchesFiniteDifferences(String name, GradientMethod method) {
        TanhMlpField f = new TanhMlpField(3, 5, 42, 0.8);
        double[] y0 = {0.4, -0.3, 0.9};
        double[] times = {0.3, 0.8, 1.5, 2.0};
        double[] w = {0.5, -1.0, 0.25, 2.0};
        OutputLoss loss = (i, t, y, dLdy) -> {
            double s = 0;
            for (int k = 0; k < y.length; k++) {
                s += 0.5 * w[i] * y[k] * y[k] + 0.1 * (k + 1) * y[k];
                dLdy[k] = w[i] * y[k] + 0.1 * (k + 1);
            }
            return s;
        };
        Gradients g = method.gradient(f, 0, y0, times, loss);
        RungeKuttaSolver ref = RungeKuttaSolver.builder(DormandPrince54.TABLEAU)
                .tolerances(Tolerances.of(1e-13, 1e-13))
                .build(3);
        double[] fdTheta = GradientCheck.dTheta(ref, f, f.theta, 0, y0, times, loss, 1e-4);
        double[] fdY0 = GradientCheck.dY0(ref, f, 0, y0, times, loss, 1e-4);
        assertThat(GradientCheck.relativeError(g.dLdTheta(), fdTheta, 1e-3))
                .as("θ")
                .isLessThan(1e-6);
        assertThat(GradientCheck.relativeError(g.dLdy0(), fdY0, 1e-3)).as("y0").isLessThan(1e-6);
    }

    /**
     * A latent state with the integral of a softplus intensity carried as one more component, as the
     * event model does: {@code L = Λ(T) + Σ_i ½‖h(t_i)‖²}, where {@code Λ} depends on the intensity
     * head's parameters only through the ODE.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void augmentedIntegralComponentMatchesFiniteDifferences(String name, GradientMethod method) {
        IntensityAugmented f = new IntensityAugmented(new TanhMlpField(2, 4, 7, 0.9), new double[] {0.7, -0.4, 0.2});
        double[] y0 = {0.3, -0.6, 0};
        double[] times = {0.4, 1.1, 1.3, 2.5};
        OutputLoss loss = (i, t, y, dLdy) -> {
            double term = 0.5 * (y[0] * y[0] + y[1] * y[1]);
            dLdy[0] = y[0];
            dLdy[1] = y[1];
            if (i == times.length - 1) {
                dLdy[2] = 1;
                term += y[2];
            }
            return term;
        };
        Gradients g = method.gradient(f, 0, y0, times, loss);
        RungeKuttaSolver ref = RungeKuttaSolver.builder(DormandPrince54.TABLEAU)
                .tolerances(Tolerances.of(1e-13, 1e-13))
                .build(3);
        double[] fdTheta = GradientCheck.dTheta(ref, f, f.params, 0, y0, times, loss, 1e-4);
        double[] fdY0 = GradientCheck.dY0(ref, f, 0, y0, times, loss, 1e-4);
        assertThat(GradientCheck.relativeError(g.dLdTheta(), fdTheta, 1e-3))
                .as("θ")
                .isLessThan(1e-6);
        assertThat(GradientCheck.relativeError(g.dLdy0(), fdY0, 1e-3)).as("y0").isLessThan(1e-6);
    }

    /**
     * Two segments with a jump {@code y ↦ tanh(y) + 0.5} between them, as the event model chains
     * them: the flow VJPs chained through the jump's derivative give the finite-difference gradient.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void flowVjpsChainThroughAJump(String name, GradientMethod method) {
        TanhMlpField f = new TanhMlpField(3, 6, 5, 0.8);
        double[] y0 = {0.2, -0.7, 0.4};
        RungeKuttaSolver solver = RungeKuttaSolver.builder(DormandPrince54.TABLEAU)
                .tolerances(Tolerances.of(1e-12, 1e-12))
                .build(3);
        java.util.function.Supplier<Double> lossOf = () -> {
            double[] y = new double[3];
            solver.solve(f, 0, y0, 0.9, y, new io.tempora.ode.SolveStats());
            for (int k = 0; k < 3; k++) {
                y[k] = Math.tanh(y[k]) + 0.5;
            }
            double[] z = new double[3];
            solver.solve(f, 0.9, y, 2.0, z, new io.tempora.ode.SolveStats());
            return z[0] * z[0] + 2 * z[1] - z[2];
        };
        double[] y1 = new double[3];
        solver.solve(f, 0, y0, 0.9, y1, new io.tempora.ode.SolveStats());
        double[] j = new double[3];
        for (int k = 0; k < 3; k++) {
            j[k] = Math.tanh(y1[k]) + 0.5;
        }
        double[] z = new double[3];
        solver.solve(f, 0.9, j, 2.0, z, new io.tempora.ode.SolveStats());
        double[] a = {2 * z[0], 2, -1};
        double[] theta = new double[f.parameterCount()];
        method.flowVjp(f, 0.9, j, 2.0, z, a, a, theta);
        for (int k = 0; k < 3; k++) {
            double th = Math.tanh(y1[k]);
            a[k] *= 1 - th * th;
        }
        method.flowVjp(f, 0, y0, 0.9, y1, a, a, theta);
        double eps = 1e-4;
        double[] fd = new double[theta.length];
        for (int k = 0; k < theta.length; k++) {
            double keep = f.theta[k];
            f.theta[k] = keep + eps;
            double up = lossOf.get();
            f.theta[k] = keep - eps;
            double down = lossOf.get();
            f.theta[k] = keep;
            fd[k] = (up - down) / (2 * eps);
        }
        assertThat(GradientCheck.relativeError(theta, fd, 1e-3)).isLessThan(1e-6);
    }

    @Test
    void adjointAndDirectAgreeMoreCloselyAsTheToleranceTightens() {
        TanhMlpField f = new TanhMlpField(4, 8, 3, 1.0);
        double[] y0 = {0.5, -0.2, 0.1, 0.8};
        double[] times = {1.0, 2.5, 4.0};
        OutputLoss loss = (i, t, y, dLdy) -> {
            double s = 0;
            for (int k = 0; k < y.length; k++) {
                s += y[k] * y[k];
                dLdy[k] = 2 * y[k];
            }
            return s;
        };
        double previous = Double.POSITIVE_INFINITY;
        for (double tol : new double[] {1e-4, 1e-6, 1e-8, 1e-10}) {
            SolverSettings s = SolverSettings.adaptive(DormandPrince54.TABLEAU, Tolerances.of(tol, tol));
            Gradients adj = AdjointMethod.of(s).gradient(f, 0, y0, times, loss);
            Gradients dir = new DirectBackprop(s).gradient(f, 0, y0, times, loss);
            double diff = GradientCheck.relativeError(adj.dLdTheta(), dir.dLdTheta(), 1e-3);
            assertThat(diff).as("relative difference at tolerance %s", tol).isLessThan(previous);
            previous = diff;
        }
        assertThat(previous).isLessThan(1e-7);
    }

    @Test
    void seminormSavesBackwardStepsWithoutLosingAccuracy() {
        // A span long enough that the parameter-gradient components, not the state, would set the
        // backward step size under a full norm.
        TanhMlpField f = new TanhMlpField(4, 64, 11, 0.7 / Math.sqrt(64) * 2);
        double[] y0 = {Math.sin(1), Math.sin(2), Math.sin(3), Math.sin(4)};
        double[] times = {10.0};
        OutputLoss loss = (i, t, y, dLdy) -> {
            double s = 0;
            for (int k = 0; k < y.length; k++) {
                s += y[k] * y[k];
                dLdy[k] = 2 * y[k];
            }
            return s;
        };
        SolverSettings s = SolverSettings.adaptive(DormandPrince54.TABLEAU, Tolerances.of(1e-6, 1e-6));
        Gradients full = AdjointMethod.of(s).gradient(f, 0, y0, times, loss);
        Gradients semi = AdjointMethod.of(s).seminorm(true).gradient(f, 0, y0, times, loss);
        Gradients exact = new DirectBackprop(TIGHT).gradient(f, 0, y0, times, loss);
        assertThat(semi.backwardEvaluations()).isLessThan(full.backwardEvaluations() * 3 / 4);
        assertThat(GradientCheck.relativeError(semi.dLdTheta(), exact.dLdTheta(), 1e-3))
                .isLessThan(1e-4);
    }

    @Test
    void badOutputTimesAreRefusedWithTheReason() {
        GradientMethod m = AdjointMethod.of(TIGHT);
        OutputLoss none = (i, t, y, d) -> 0;
        Exponential f = new Exponential(1);
        assertThatThrownBy(() -> m.gradient(f, 0, new double[] {1}, new double[] {}, none))
                .isInstanceOf(SolverException.class)
                .hasMessageContaining("at least one output time");
        assertThatThrownBy(() -> m.gradient(f, 0, new double[] {1}, new double[] {1, 0.5}, none))
                .isInstanceOf(SolverException.class)
                .hasMessageContaining("strictly monotone");
        assertThatThrownBy(() -> m.gradient(f, 0, new double[] {1}, new double[] {Double.NaN}, none))
                .isInstanceOf(SolverException.class)
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> m.gradient(f, 0, new double[0], new double[] {1}, none))
                .isInstanceOf(SolverException.class)
                .hasMessageContaining("empty");
    }
}
