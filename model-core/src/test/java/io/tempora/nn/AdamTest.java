package io.tempora.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AdamTest {

    private static ParameterSet threeParameters(double... values) {
        ParameterSet.Builder b = ParameterSet.builder();
        b.add("theta", Initialisation.ZEROS, 3);
        ParameterSet ps = b.build();
        ps.setAll(values);
        return ps;
    }

    @Test
    void twoStepsMatchTheHandComputedUpdate() {
        ParameterSet ps = threeParameters(1.0, -2.0, 0.5);
        Adam adam = new Adam(ps, new AdamConfig(0.1, 0.9, 0.999, 1e-8, 0.0));
        Gradient g = ps.newGradient();

        g.values()[0] = 0.5;
        g.values()[1] = -2.0;
        g.values()[2] = 0.0;
        adam.step(g);
        // Step 1: m_hat = g and v_hat = g^2 exactly, so the move is alpha * g / (|g| + eps).
        double[] theta1 = {1.0 - 0.1 * 0.5 / (0.5 + 1e-8), -2.0 + 0.1 * 2.0 / (2.0 + 1e-8), 0.5};
        assertThat(ps.values()[0]).isCloseTo(theta1[0], within(1e-15));
        assertThat(ps.values()[1]).isCloseTo(theta1[1], within(1e-15));
        assertThat(ps.values()[2]).isEqualTo(0.5);

        g.values()[0] = 0.1;
        g.values()[1] = 1.0;
        g.values()[2] = -3.0;
        adam.step(g);
        // Step 2, by hand: m = 0.9 m1 + 0.1 g2, v = 0.999 v1 + 0.001 g2^2, with m1 = 0.1 g1, v1 = 0.001 g1^2.
        double[] m = {0.055, -0.08, -0.3};
        double[] v = {0.00025975, 0.004996, 0.009};
        double c1 = 0.19; // 1 - 0.9^2
        double c2 = 0.001999; // 1 - 0.999^2
        for (int i = 0; i < 3; i++) {
            double expected = theta1[i] - 0.1 * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8);
            assertThat(ps.values()[i]).as("theta[%d] after step 2", i).isCloseTo(expected, within(1e-13));
        }
        assertThat(adam.steps()).isEqualTo(2);
    }

    @Test
    void decoupledWeightDecayShrinksTheParametersBesideTheAdamMove() {
        ParameterSet ps = threeParameters(1.0, -2.0, 0.5);
        Adam adamW = new Adam(ps, AdamConfig.of(0.1).withWeightDecay(0.01));
        Gradient g = ps.newGradient();
        g.values()[0] = 0.5;
        g.values()[1] = -2.0;
        adamW.step(g);
        // theta - alpha (g / (|g| + eps) + lambda theta); the zero-gradient component only decays.
        assertThat(ps.values()[0]).isCloseTo(1.0 - 0.1 * (0.5 / (0.5 + 1e-8) + 0.01 * 1.0), within(1e-15));
        assertThat(ps.values()[1]).isCloseTo(-2.0 - 0.1 * (-2.0 / (2.0 + 1e-8) + 0.01 * -2.0), within(1e-15));
        assertThat(ps.values()[2]).isCloseTo(0.5 * (1 - 0.1 * 0.01), within(1e-16));
    }

    @Test
    void minimisesAnIllConditionedQuadratic() {
        // f(theta) = 1/2 sum a_i (theta_i - c_i)^2, curvatures spanning four decades.
        double[] a = {0.01, 1.0, 100.0};
        double[] c = {3.0, -1.0, 0.25};
        ParameterSet ps = threeParameters(0.0, 0.0, 0.0);
        Adam adam = new Adam(ps, AdamConfig.of(0.05));
        Gradient g = ps.newGradient();
        for (int step = 0; step < 4000; step++) {
            for (int i = 0; i < 3; i++) {
                g.values()[i] = a[i] * (ps.values()[i] - c[i]);
            }
            adam.step(g);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(ps.values()[i]).as("theta[%d]", i).isCloseTo(c[i], within(1e-3));
        }
    }

    @Test
    void refusesANonFiniteGradientAndLeavesTheParametersAlone() {
        ParameterSet ps = threeParameters(1.0, 2.0, 3.0);
        Adam adam = new Adam(ps, AdamConfig.of(0.1));
        Gradient g = ps.newGradient();
        g.values()[1] = Double.NaN;
        long version = ps.version();
        assertThatThrownBy(() -> adam.step(g))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-finite");
        assertThat(ps.values()).containsExactly(1.0, 2.0, 3.0);
        assertThat(ps.version()).isEqualTo(version);
        assertThat(adam.steps()).isZero();
    }

    @Test
    void stepMarksTheParametersModified() {
        ParameterSet ps = threeParameters(1.0, 2.0, 3.0);
        long version = ps.version();
        new Adam(ps, AdamConfig.of(0.1)).step(ps.newGradient());
        assertThat(ps.version()).isGreaterThan(version);
    }

    @Test
    void rejectsBadHyperParameters() {
        assertThatThrownBy(() -> new AdamConfig(0.0, 0.9, 0.999, 1e-8, 0)).hasMessageContaining("learning rate");
        assertThatThrownBy(() -> new AdamConfig(0.1, 1.0, 0.999, 1e-8, 0)).hasMessageContaining("betas");
        assertThatThrownBy(() -> new AdamConfig(0.1, 0.9, 0.999, 0.0, 0)).hasMessageContaining("epsilon");
        assertThatThrownBy(() -> AdamConfig.of(0.1).withWeightDecay(-1)).hasMessageContaining("weight decay");
    }
}
