package io.tempora.nd4j.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tempora.nn.Activation;
import org.junit.jupiter.api.Test;

/** The mapping from the plain activations to their ND4J forms (their values: {@code PathAgreementTest}). */
class NdActivationsTest {

    @Test
    void everyBuiltInActivationHasItsOwnForm() {
        assertThat(NdActivations.of(Activation.TANH)).isSameAs(NdActivations.TANH);
        assertThat(NdActivations.of(Activation.SOFTPLUS)).isSameAs(NdActivations.SOFTPLUS);
        assertThat(NdActivations.of(Activation.SIGMOID)).isSameAs(NdActivations.SIGMOID);
        assertThat(NdActivations.of(Activation.IDENTITY)).isSameAs(NdActivations.IDENTITY);
    }

    @Test
    void anActivationWithoutAFormIsRefusedByName() {
        Activation cube = new Activation() {
            @Override
            public double apply(double x) {
                return x * x * x;
            }

            @Override
            public double derivative(double x, double y) {
                return 3 * x * x;
            }

            @Override
            public String toString() {
                return "cube";
            }
        };
        assertThatThrownBy(() -> NdActivations.of(cube))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cube")
                .hasMessageContaining("tanh, softplus, sigmoid and identity");
    }
}
