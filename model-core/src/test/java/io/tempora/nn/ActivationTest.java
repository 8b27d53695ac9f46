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
            // Log-uniform magnitudes from 1e-12 to 30: k = 0 (the smallest x), every k up to the clamp, the saturated tail.
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
        // softplus(x) = max(x, 0) + log1p(e^-|x|); the fast log1p must not cost accuracy anywhere.
        SplittableRandom rng = new SplittableRandom(5);
        double worst = 0;
        for (int i = 0; i < 200_000; i++) {
            double x = rng.nextDouble(-60, 60);
            double expected = Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
            worst = Math.max(worst, Math.abs(Softplus.softplus(x) - expected) / expected);
        }
        assertThat(worst).isLessThanOrEqualTo(1e-15);
    }

    @Test
    void sigmoidSaturatesWithoutNaN() {
        assertThat(Sigmoid.sigmoid(800)).isEqualTo(1.0);
        assertThat(Sigmoid.sigmoid(-800)).isZero();
        assertThat(Sigmoid.sigmoid(0)).isEqualTo(0.5);
        assertThat(Sigmoid.sigmoid(-2) + Sigmoid.sigmoid(2)).isCloseTo(1.0, within(1e-16));
    }
}
