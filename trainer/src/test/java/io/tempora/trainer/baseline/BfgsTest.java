package io.tempora.trainer.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BfgsTest {

    @Test
    void findsTheMinimumOfRosenbrocksValley() {
        Bfgs.Objective rosenbrock = (x, g) -> {
            double a = 1 - x[0];
            double b = x[1] - x[0] * x[0];
            g[0] = -2 * a - 400 * x[0] * b;
            g[1] = 200 * b;
            return a * a + 100 * b * b;
        };

        Bfgs.Result r = Bfgs.minimise(rosenbrock, new double[] {-1.2, 1}, 500, 1e-10);

        assertThat(r.converged()).isTrue();
        assertThat(r.x()[0]).isCloseTo(1, within(1e-8));
        assertThat(r.x()[1]).isCloseTo(1, within(1e-8));
    }

    @Test
    void stepsBackFromWhereTheObjectiveIsNotFinite() {
        // −log x + x on x > 0 (minimum at 1), undefined beyond: a long first step lands where it is NaN.
        Bfgs.Objective f = (x, g) -> {
            g[0] = -1 / x[0] + 1;
            return x[0] > 0 ? -Math.log(x[0]) + x[0] : Double.NaN;
        };

        Bfgs.Result r = Bfgs.minimise(f, new double[] {0.05}, 200, 1e-12);

        assertThat(r.converged()).isTrue();
        assertThat(r.x()[0]).isCloseTo(1, within(1e-9));
    }
}
