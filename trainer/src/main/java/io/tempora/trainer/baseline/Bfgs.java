package io.tempora.trainer.baseline;

/**
 * Minimises a smooth function of a few unconstrained variables by BFGS (dense inverse-Hessian update) with a
 * backtracking line search on the Armijo condition. For the baselines' handful of log-parameters, where a dense
 * update costs nothing and converges in tens of iterations. Robust to an objective that is not finite somewhere
 * (overflow far from the optimum): such a trial point is treated as too long a step.
 */
final class Bfgs {

    /** The objective: its value at {@code x}, its gradient written into {@code gradient}. */
    @FunctionalInterface
    interface Objective {
        double value(double[] x, double[] gradient);
    }

    /**
     * The outcome.
     *
     * @param x          the best point found
     * @param value      the objective there
     * @param iterations iterations taken
     * @param converged  whether the gradient's largest component fell below the tolerance
     */
    record Result(double[] x, double value, int iterations, boolean converged) {}

    /** Armijo's sufficient-decrease constant. */
    private static final double ARMIJO = 1e-4;

    /** A line search tries at most this many halvings before giving up on the direction. */
    private static final int MAX_HALVINGS = 60;

    /**
     * Progress below this relative decrease of the objective ends the search: at the optimum, rounding leaves the
     * gradient of a sum of many terms a little above any tolerance, and the line search then crawls.
     */
    private static final double NO_PROGRESS = 1e-15;

    /** The longest step in any one variable: log-parameters move by at most a factor e^2 per iteration. */
    private static final double MAX_STEP = 2;

    private Bfgs() {}

    /**
     * Minimises {@code f} from {@code x0} until the gradient's largest component is below {@code gradientTolerance}
     * or {@code maxIterations} pass or no step decreases {@code f} by more than rounding.
     *
     * @throws IllegalArgumentException if {@code f} is not finite at {@code x0}
     */
    static Result minimise(Objective f, double[] x0, int maxIterations, double gradientTolerance) {
        int n = x0.length;
        double[] x = x0.clone();
        double[] g = new double[n];
        double fx = f.value(x, g);
        if (!Double.isFinite(fx)) {
            throw new IllegalArgumentException("the objective is not finite at the starting point");
        }
        double[][] h = identity(n);
        double[] p = new double[n];
        double[] trial = new double[n];
        double[] gTrial = new double[n];
        for (int it = 0; it < maxIterations; it++) {
            if (maxAbs(g) < gradientTolerance) {
                return new Result(x, fx, it, true);
            }
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s -= h[i][j] * g[j];
                }
                p[i] = s;
            }
            double slope = dot(p, g);
            if (!(slope < 0)) { // not a descent direction: restart from steepest descent
                h = identity(n);
                for (int i = 0; i < n; i++) {
                    p[i] = -g[i];
                }
                slope = dot(p, g);
            }
            double step = Math.min(1, MAX_STEP / maxAbs(p));
            double fTrial = Double.NaN;
            boolean accepted = false;
            for (int k = 0; k < MAX_HALVINGS; k++, step /= 2) {
                for (int i = 0; i < n; i++) {
                    trial[i] = x[i] + step * p[i];
                }
                fTrial = f.value(trial, gTrial);
                if (Double.isFinite(fTrial) && fTrial <= fx + ARMIJO * step * slope) {
                    accepted = true;
                    break;
                }
            }
            if (!accepted) {
                return new Result(x, fx, it, false);
            }
            double[] s = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = trial[i] - x[i];
                y[i] = gTrial[i] - g[i];
            }
            double sy = dot(s, y);
            if (sy > 0) {
                update(h, s, y, sy);
            }
            boolean stalled = fx - fTrial <= NO_PROGRESS * Math.max(1, Math.abs(fx));
            System.arraycopy(trial, 0, x, 0, n);
            System.arraycopy(gTrial, 0, g, 0, n);
            fx = fTrial;
            if (stalled) {
                return new Result(x, fx, it + 1, maxAbs(g) < gradientTolerance);
            }
        }
        return new Result(x, fx, maxIterations, maxAbs(g) < gradientTolerance);
    }

    /** {@code H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ}, {@code ρ = 1 / sᵀy}. */
    private static void update(double[][] h, double[] s, double[] y, double sy) {
        int n = s.length;
        double rho = 1 / sy;
        double[] hy = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                hy[i] += h[i][j] * y[j];
            }
        }
        double yhy = dot(y, hy);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                h[i][j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
            }
        }
    }

    private static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
