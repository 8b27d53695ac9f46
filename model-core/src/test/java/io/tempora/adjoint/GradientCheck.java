package io.tempora.adjoint;

import io.tempora.ode.RungeKuttaSolver;
import io.tempora.ode.Solution;
import io.tempora.ode.SolveRequest;
import io.tempora.ode.VectorField;

/** Loss values from a plain forward solve, for central finite differences in the tests. */
final class GradientCheck {

    private GradientCheck() {}

    static double loss(
            RungeKuttaSolver solver, VectorField f, double t0, double[] y0, double[] times, OutputLoss loss) {
        Solution sol = solver.solve(
                f,
                t0,
                y0,
                times[times.length - 1],
                SolveRequest.none().withStepTimes(times).withOutputTimes(times));
        double total = 0;
        for (int i = 0; i < times.length; i++) {
            total += loss.term(i, times[i], sol.state(i), new double[y0.length]);
        }
        return total;
    }

    /** Central differences of the loss in each parameter of {@code theta}, perturbed in place. */
    static double[] dTheta(
            RungeKuttaSolver solver,
            VectorField f,
            double[] theta,
            double t0,
            double[] y0,
            double[] times,
            OutputLoss loss,
            double eps) {
        double[] g = new double[theta.length];
        for (int k = 0; k < theta.length; k++) {
            double keep = theta[k];
            theta[k] = keep + eps;
            double up = loss(solver, f, t0, y0, times, loss);
            theta[k] = keep - eps;
            double down = loss(solver, f, t0, y0, times, loss);
            theta[k] = keep;
            g[k] = (up - down) / (2 * eps);
        }
        return g;
    }

    /** Central differences of the loss in each component of the initial state. */
    static double[] dY0(
            RungeKuttaSolver solver,
            VectorField f,
            double t0,
            double[] y0,
            double[] times,
            OutputLoss loss,
            double eps) {
        double[] g = new double[y0.length];
        double[] y = y0.clone();
        for (int k = 0; k < y.length; k++) {
            y[k] = y0[k] + eps;
            double up = loss(solver, f, t0, y, times, loss);
            y[k] = y0[k] - eps;
            double down = loss(solver, f, t0, y, times, loss);
            y[k] = y0[k];
            g[k] = (up - down) / (2 * eps);
        }
        return g;
    }

    /** {@code ‖a − b‖ / max(‖b‖, floor)}. */
    static double relativeError(double[] a, double[] b, double floor) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += b[i] * b[i];
        }
        return Math.sqrt(num) / Math.max(Math.sqrt(den), floor);
    }
}
