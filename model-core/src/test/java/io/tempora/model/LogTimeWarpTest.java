package io.tempora.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogTimeWarpTest {

    private static final LogTimeWarp WARP = new LogTimeWarp(1000);

    @Test
    void gapsWellBelowTheScaleKeepTheirLengthAndLongOnesBecomeLogarithmic() {
        assertThat(WARP.warp(1.0)).isCloseTo(1.0, within(1e-3));
        assertThat(WARP.warp(1000.0 * 1000)).isCloseTo(1000 * Math.log(1001), within(1e-9));
        assertThat(WARP.warp(0.0)).isZero();
    }

    @Test
    void aHistoryMapsEventByEventWithItsFirstEventInPlace() {
        EventSequence s = new EventSequence(
                "e", new double[] {5e11, 5e11 + 10, 5e11 + 10, 5e11 + 1e7}, new int[] {0, 1, 0, 1}, new double[4][0]);

        EventSequence w = WARP.warp(s);

        assertThat(w.time(0)).isEqualTo(5e11);
        assertThat(w.time(1) - w.time(0)).isCloseTo(WARP.warp(10), within(1e-3));
        assertThat(w.time(2)).isEqualTo(w.time(1));
        assertThat(w.time(3) - w.time(2)).isCloseTo(WARP.warp(1e7 - 10), within(1e-3));
        assertThat(w.types()).isEqualTo(s.types());
    }

    /**
     * The Jacobian term makes a warped-time density a data-time one: an exponential gap of rate r in warped time,
     * times w'(τ), integrates to 1 over data time, and its log is the warped log-density plus the term.
     */
    @Test
    void theJacobianTurnsAWarpedDensityIntoADataTimeDensity() {
        double rate = 0.002;
        // ∫_0^∞ r e^{−r w(τ)} w'(τ) dτ by the substitution u = log(1 + τ/c) on a fine grid (trapezoid in u).
        double c = WARP.scale();
        int n = 400_000;
        double uMax = 40;
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            double u = uMax * i / n;
            double tau = c * Math.expm1(u);
            double density = rate * Math.exp(-rate * WARP.warp(tau)) / (1 + tau / c);
            double dTauDu = c * Math.exp(u);
            sum += (i == 0 || i == n ? 0.5 : 1) * density * dTauDu * uMax / n;
        }
        assertThat(sum).isCloseTo(1.0, within(1e-6));

        Dataset one = Dataset.of(TypeVocabulary.of("a"), List.of(EventSequence.ofTimes("e", 0, 3000)));
        double warpedLogDensity = Math.log(rate) - rate * WARP.warp(3000);
        double dataLogDensity = Math.log(rate * Math.exp(-rate * WARP.warp(3000)) / (1 + 3000 / c));
        assertThat(warpedLogDensity + WARP.logJacobian(one)).isCloseTo(dataLogDensity, within(1e-12));
    }

    @Test
    void aScaleThatIsNotPositiveAndFiniteIsRefused() {
        assertThatThrownBy(() -> new LogTimeWarp(0)).hasMessageContaining("scale must be finite and > 0");
        assertThatThrownBy(() -> new LogTimeWarp(Double.NaN)).hasMessageContaining("scale must be finite and > 0");
    }
}
