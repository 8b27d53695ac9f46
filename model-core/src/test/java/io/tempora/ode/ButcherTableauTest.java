package io.tempora.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ButcherTableauTest {

    @ParameterizedTest
    @MethodSource("io.tempora.ode.Methods#all")
    void everyShippedTableauIsConsistent(ButcherTableau t) {
        double[] b = t.b();
        double sum = 0;
        for (double v : b) {
            sum += v;
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-14));
        for (int i = 0; i < t.stages(); i++) {
            double row = 0;
            for (int j = 0; j < t.stages(); j++) {
                row += t.a(i, j);
                if (j >= i) {
                    assertThat(t.a(i, j)).isZero();
                }
            }
            assertThat(row).isCloseTo(t.c(i), org.assertj.core.data.Offset.offset(1e-12));
        }
        assertThat(t.denseCoefficients()).hasNumberOfRows(t.denseRows());
        if (t.adaptive()) {
            double esum = 0;
            for (double v : t.errorWeights()) {
                esum += v;
            }
            assertThat(esum).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-13));
        }
    }

    @Test
    void fsalFlagsFollowTheTableaux() {
        assertThat(DormandPrince54.TABLEAU.fsal()).isTrue();
        assertThat(Tsitouras54.TABLEAU.fsal()).isTrue();
        assertThat(BogackiShampine32.TABLEAU.fsal()).isTrue();
        assertThat(RungeKutta4.TABLEAU.fsal()).isFalse();
        assertThat(Euler.TABLEAU.fsal()).isFalse();
        assertThat(DormandPrince54.TABLEAU.order()).isEqualTo(5);
        assertThat(DormandPrince54.TABLEAU.embeddedOrder()).isEqualTo(4);
    }

    @Test
    void accessorsReturnCopies() {
        double[] b = DormandPrince54.TABLEAU.b();
        b[0] = 42;
        assertThat(DormandPrince54.TABLEAU.b()[0]).isEqualTo(35.0 / 384);
        double[][] a = DormandPrince54.TABLEAU.a();
        a[1][0] = 42;
        assertThat(DormandPrince54.TABLEAU.a(1, 0)).isEqualTo(0.2);
    }

    @Test
    void rowSumsMustEqualNodes() {
        assertThatThrownBy(() -> ButcherTableau.fixed(
                        "bad", new double[] {0, 0.5}, new double[][] {{}, {0.4}}, new double[] {0, 1}, 2))
                .isInstanceOf(SolverException.class)
                .hasMessageContaining("row 1 of A sums to 0.4")
                .satisfies(e -> assertThat(((SolverException) e).status()).isEqualTo(SolverStatus.INVALID_ARGUMENT));
    }

    @Test
    void claimedOrderIsChecked() {
        // Heun's method is order 2, not 3.
        assertThatThrownBy(() -> ButcherTableau.fixed(
                        "heun", new double[] {0, 1}, new double[][] {{}, {1}}, new double[] {0.5, 0.5}, 3))
                .isInstanceOf(SolverException.class)
                .hasMessageContaining("order-3 condition");
    }

    @Test
    void denseOutputMustReproduceTheStep() {
        assertThatThrownBy(() -> ButcherTableau.adaptive(
                        "bad dense",
                        new double[] {0, 1},
                        new double[][] {{}, {1}},
                        new double[] {0.5, 0.5},
                        new double[] {1, 0},
                        2,
                        1,
                        new double[][] {{1, 0}, {0, 0.5}, {0, 0}}))
                .isInstanceOf(SolverException.class)
                .hasMessageContaining("dense row 0");
    }

    @Test
    void explicitMethodsOnly() {
        assertThatThrownBy(() ->
                        ButcherTableau.fixed("implicit", new double[] {0}, new double[][] {{0.5}}, new double[] {1}, 1))
                .isInstanceOf(SolverException.class)
                .hasMessageContaining("must be zero for an explicit method");
    }
}
