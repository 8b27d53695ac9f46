package io.tempora.pp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.data.Offset;
import org.hipparchus.special.Erf;
import org.hipparchus.special.Gamma;
import org.junit.jupiter.api.Test;

class SpecialFunctionsTest {

    private static Offset<Double> rel(double expected, double tol) {
        return within(Math.abs(expected) * tol + 1e-300);
    }

    @Test
    void logGammaMatchesHipparchusAndFactorials() {
        for (double x : new double[] {1e-3, 0.1, 0.5, 1, 1.5, 2, 3.7, 10, 55.5, 171, 1e4}) {
            double expected = Gamma.logGamma(x);
            assertThat(SpecialFunctions.logGamma(x))
                    .as("x=%s", x)
                    .isCloseTo(expected, within(1e-13 * Math.max(1, Math.abs(expected))));
        }
        assertThat(SpecialFunctions.logGamma(6)).isCloseTo(Math.log(120), within(1e-13));
        assertThat(SpecialFunctions.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-14));
    }

    @Test
    void incompleteGammaMatchesClosedFormsForIntegerShape() {
        // Q(4, x) = e^{-x} (1 + x + x^2/2 + x^3/6); Q(1, x) = e^{-x}
        for (double x : new double[] {1e-6, 0.01, 0.5, 1, 3, 4.99, 5, 5.01, 10, 40, 200}) {
            double q4 = Math.exp(-x) * (1 + x + x * x / 2 + x * x * x / 6);
            assertThat(SpecialFunctions.regularizedGammaQ(4, x))
                    .as("Q(4,%s)", x)
                    .isCloseTo(q4, rel(q4, 1e-12));
            assertThat(SpecialFunctions.logRegularizedGammaQ(4, x))
                    .as("log Q(4,%s)", x)
                    .isCloseTo(Math.log(q4), within(1e-12 * Math.max(1, Math.abs(Math.log(q4)))));
            assertThat(SpecialFunctions.regularizedGammaQ(1, x)).isCloseTo(Math.exp(-x), rel(Math.exp(-x), 1e-12));
            assertThat(SpecialFunctions.regularizedGammaP(4, x) + SpecialFunctions.regularizedGammaQ(4, x))
                    .isCloseTo(1, within(1e-14));
        }
        // far tail where Q underflows: log Q(4, 2000) = -2000 + log(1 + 2000 + ...)
        double x = 2000;
        double logQ = -x + Math.log(1 + x + x * x / 2 + x * x * x / 6);
        assertThat(SpecialFunctions.logRegularizedGammaQ(4, x)).isCloseTo(logQ, within(1e-9));
    }

    @Test
    void incompleteGammaMatchesHipparchusForNonIntegerShapes() {
        for (double a : new double[] {0.3, 0.5, 2.5, 7.25, 30}) {
            for (double x : new double[] {0.01, 0.3, 1, 2, 5, 9, 30, 60}) {
                double p = Gamma.regularizedGammaP(a, x, 1e-16, 100_000);
                assertThat(SpecialFunctions.regularizedGammaP(a, x))
                        .as("P(%s,%s)", a, x)
                        .isCloseTo(p, within(1e-13));
                double q = Gamma.regularizedGammaQ(a, x, 1e-16, 100_000);
                assertThat(SpecialFunctions.regularizedGammaQ(a, x))
                        .as("Q(%s,%s)", a, x)
                        .isCloseTo(q, within(1e-13 + 1e-11 * q));
            }
        }
    }

    @Test
    void erfcAndNormalSurvival() {
        for (double x : new double[] {-3, -1, -0.2, 0, 0.1, 0.7, 1.5, 4, 8}) {
            double e = Erf.erfc(x);
            assertThat(SpecialFunctions.erfc(x)).as("erfc(%s)", x).isCloseTo(e, rel(e, 1e-12));
            double s = 0.5 * Erf.erfc(x / Math.sqrt(2));
            assertThat(SpecialFunctions.logNormalSurvival(x))
                    .as("log Phi-bar(%s)", x)
                    .isCloseTo(Math.log(s), within(1e-12 * Math.max(1, -Math.log(s))));
        }
        // Mills-ratio asymptotics in the far tail: log Phi-bar(z) ~ -z^2/2 - log(z sqrt(2 pi)) + log(1 - 1/z^2 + 3/z^4)
        double z = 40;
        double approx = -z * z / 2
                - Math.log(z * Math.sqrt(2 * Math.PI))
                + Math.log(1 - 1 / (z * z) + 3 / Math.pow(z, 4) - 15 / Math.pow(z, 6));
        assertThat(SpecialFunctions.logNormalSurvival(z)).isCloseTo(approx, within(1e-9));
    }
}
