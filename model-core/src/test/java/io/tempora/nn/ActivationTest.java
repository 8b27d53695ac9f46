package io.tempora.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ActivationTest {

    @Test
    void padeTanhIsAccurateToOneEMinus15Relative() {
        SplittableRandom rng = new SplittableRandom(11);
        double worst = 0;
        for (int i = 0; i < 200_000; i++) {
            // Log-uniform magnitudes from 1e-12 to 30: k = 0 (the smallest x), every k up to the clamp, the saturated
            // tail.
            double x = Math.copySign(Math.pow(10, rng.nextDouble(-12, Math.log10(30))), rng.nextDouble() - 0.5);
            double expected = Math.tanh(x);
            double rel = Math.abs(Tanh.tanh(x) - expected) / Math.abs(expected);
            worst = Math.max(worst, rel);
        }
        assertThat(worst).isLessThanOrEqualTo(1e-15);
        assertThat(Tanh.tanh(0.0)).isZero();
        assertThat(Tanh.tanh(1e300)).isEqualTo(1.0);
        assertThat(Tanh.tanh(-1e300)).isEqualTo(-1.0);
        assertThat(Tanh.tanh(Double.MIN_VALUE)).isEqualTo(Double.MIN_VALUE);
        assertThat(Tanh.tanh(-20)).isEqualTo(-1.0);
        assertThat(Tanh.tanh(Double.NaN)).isNaN();
        // Either side of the reduction's switch from k = 0 to k = 1 (2x = ln2/2).
        double edge = Math.log(2) / 4;
        for (double x : new double[] {Math.nextDown(edge), edge, Math.nextUp(edge)}) {
            assertThat(Tanh.tanh(x)).isCloseTo(Math.tanh(x), within(2e-16));
        }
    }

    @Test
    void softplusNeitherOverflowsNorLosesTheTail() {
        assertThat(Softplus.softplus(800)).isEqualTo(800.0);
        assertThat(Softplus.softplus(-800)).isZero();
        // log(1 + e^-30) = e^-30 - e^-60/2 + ...: the naive form returns 0 relative accuracy here.
        double e30 = Math.exp(-30);
        assertThat(Softplus.softplus(-30)).isCloseTo(e30 - e30 * e30 / 2, within(1e-15 * e30));
        assertThat(Softplus.softplus(0)).isCloseTo(Math.log(2), within(1e-16));
        assertThat(Activation.SOFTPLUS.derivative(-800, 0.0)).isZero();
        assertThat(Activation.SOFTPLUS.derivative(800, 800.0)).isEqualTo(1.0);
    }

    @Test
    void softplusIsWithinAFewUlpsOfTheLog1pForm() {
        // softplus(x) = max(x, 0) + log1p(e^-|x|) with the JDK's exp and log1p (each within an ulp): the
        // four-operation form must not cost accuracy anywhere, near zero, far out or in between.
        SplittableRandom rng = new SplittableRandom(5);
        double worst = 0;
        for (int i = 0; i < 400_000; i++) {
            double x = i % 2 == 0
                    ? rng.nextDouble(-60, 60)
                    : Math.copySign(
                            Math.pow(10, rng.nextDouble(-12, Math.log10(Softplus.TAIL))), rng.nextDouble() - 0.5);
            worst = Math.max(worst, relativeError(x));
        }
        assertThat(worst).isLessThanOrEqualTo(1e-15);
        // Either side of the switch to ln2 + L((v − 1)/2) at v = e^-|x| = √2 − 1, and of the closed-form tails.
        double edge = -Math.log(Math.sqrt(2) - 1);
        double[] edges = {
            edge,
            Math.nextDown(edge),
            Math.nextUp(edge),
            -edge,
            Softplus.TAIL,
            -Softplus.TAIL,
            Math.nextUp(Softplus.TAIL),
            -Math.nextUp(Softplus.TAIL),
            0.0,
            Double.MIN_VALUE,
            -Double.MIN_VALUE
        };
        for (double x : edges) {
            assertThat(relativeError(x)).as("x = %s", x).isLessThanOrEqualTo(1e-15);
        }
        assertThat(Softplus.softplus(Double.NaN)).isNaN();
    }

    private static double relativeError(double x) {
        double expected = Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
        return Math.abs(Softplus.softplus(x) - expected) / expected;
    }

    @Test
    void sigmoidSaturatesWithoutNaN() {
        assertThat(Sigmoid.sigmoid(800)).isEqualTo(1.0);
        assertThat(Sigmoid.sigmoid(-800)).isZero();
        assertThat(Sigmoid.sigmoid(0)).isEqualTo(0.5);
        assertThat(Sigmoid.sigmoid(-2) + Sigmoid.sigmoid(2)).isCloseTo(1.0, within(1e-16));
    }
}
