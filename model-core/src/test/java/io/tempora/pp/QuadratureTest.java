package io.tempora.pp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class QuadratureTest {

    @Test
    void integratesSmoothFunctionsToNearMachinePrecision() {
        assertThat(Quadrature.integrate(Math::sin, 0, Math.PI, 1e-13)).isCloseTo(2, within(1e-13));
        assertThat(Quadrature.integrate(x -> Math.exp(-x * x), -6, 6, 1e-13))
                .isCloseTo(Math.sqrt(Math.PI), within(1e-12));
        assertThat(Quadrature.integrate(x -> 1 / (1 + 25 * x * x), -1, 1, 1e-13))
                .isCloseTo(0.4 * Math.atan(5), within(1e-12));
    }

    @Test
    void boundedWorkOnASingularIntegrandAndUnattainableTolerance() {
        int[] calls = {0};
        double v = Quadrature.integrate(
                x -> {
                    calls[0]++;
                    return 1 / Math.sqrt(x);
                },
                0,
                1,
                1e-300);
        assertThat(v).isCloseTo(2, within(1e-6));
        assertThat(calls[0]).isLessThanOrEqualTo(15 * 400);
    }

    @Test
    void vectorIntegrandAddsEachComponent() {
        double[] acc = {1, 1};
        Quadrature.integrate(
                (x, out) -> {
                    out[0] = x * x;
                    out[1] = Math.cos(x);
                },
                2,
                0,
                3,
                1e-13,
                acc);
        assertThat(acc[0]).isCloseTo(1 + 9, within(1e-12));
        assertThat(acc[1]).isCloseTo(1 + Math.sin(3), within(1e-12));
    }
}
