package io.tempora.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GradientTest {

    private static Gradient gradient(double... values) {
        ParameterSet.Builder b = ParameterSet.builder();
        b.add("w", Initialisation.ZEROS, 1, values.length);
        Gradient g = b.build().newGradient();
        System.arraycopy(values, 0, g.values(), 0, values.length);
        return g;
    }

    @Test
    void clippingScalesALongGradientOntoTheBallAndKeepsItsDirection() {
        Gradient g = gradient(3.0, 4.0);
        assertThat(g.clipNorm(1.0)).isEqualTo(5.0);
        assertThat(g.values()[0]).isCloseTo(0.6, within(1e-15));
        assertThat(g.values()[1]).isCloseTo(0.8, within(1e-15));
        assertThat(g.norm()).isCloseTo(1.0, within(1e-15));
    }

    @Test
    void clippingLeavesAShortGradientAlone() {
        Gradient g = gradient(3.0, 4.0);
        assertThat(g.clipNorm(10.0)).isEqualTo(5.0);
        assertThat(g.values()).containsExactly(3.0, 4.0);
    }

    @Test
    void clippingRejectsANonPositiveBound() {
        assertThatThrownBy(() -> gradient(1.0).clipNorm(0.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxNorm");
    }

    @Test
    void zeroClearsEveryComponent() {
        Gradient g = gradient(1.0, -2.0, 3.0);
        g.zero();
        assertThat(g.values()).containsOnly(0.0);
    }
}
