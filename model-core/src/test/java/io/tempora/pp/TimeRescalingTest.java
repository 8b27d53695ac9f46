package io.tempora.pp;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.data.EventSequence;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Time-rescaling theorem (Brown, Barbieri, Ventura, Kass &amp; Frank 2002): under the true process the
 * compensator increments between events are i.i.d. Exp(1). Ties each simulator to its own compensator; with
 * the likelihood tests (compensator vs quadrature of a naive intensity) this checks the simulators' laws.
 */
class TimeRescalingTest {

    static Stream<BenchmarkProcess> processes() {
        return BenchmarkProcesses.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("processes")
    void compensatorIncrementsAreStandardExponential(BenchmarkProcess bp) {
        int n = 5_000;
        EventSequence s = bp.process().simulate(n, new SplittableRandom(21));
        double[] z = bp.process().compensatorIncrements(s, 0, n);
        double d = Reference.ksStatistic(z, x -> -Math.expm1(-x));
        assertThat(d * Math.sqrt(n)).as(bp.name()).isLessThan(Reference.KS_CRITICAL_0_001);
        // and conditioned on a training part: the increments of the last 20% alone
        double[] tail = bp.process().compensatorIncrements(s, 4 * n / 5, n);
        assertThat(Reference.ksStatistic(tail, x -> -Math.expm1(-x)) * Math.sqrt(tail.length))
                .as(bp.name() + " tail")
                .isLessThan(Reference.KS_CRITICAL_0_001);
    }

    @Test
    void theCheckHasPowerAgainstTheWrongModel() {
        int n = 5_000;
        EventSequence hawkes = BenchmarkProcesses.hawkes1().process().simulate(n, new SplittableRandom(22));
        // Poisson with the right mean rate (1) but no excitation
        double[] z = new HomogeneousPoisson(1).compensatorIncrements(hawkes, 0, n);
        assertThat(Reference.ksStatistic(z, x -> -Math.expm1(-x)) * Math.sqrt(n))
                .isGreaterThan(3 * Reference.KS_CRITICAL_0_001);
        // a Hawkes process with the right rate but the wrong decay
        double[] w = ExponentialHawkes.univariate(0.2, 0.8, 3).compensatorIncrements(hawkes, 0, n);
        assertThat(Reference.ksStatistic(w, x -> -Math.expm1(-x)) * Math.sqrt(n))
                .isGreaterThan(Reference.KS_CRITICAL_0_001);
    }
}
