package io.tempora.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ParameterSetTest {

    @Test
    void tensorsTakeConsecutiveSlicesInTheOrderTheyWereAdded() {
        ParameterSet.Builder b = ParameterSet.builder();
        Linear first = Linear.define(b, "a", 3, 2);
        Embedding second = Embedding.define(b, "e", 4, 5);
        ParameterSet ps = b.build();
        assertThat(ps.parameters()).extracting(Parameter::name).containsExactly("a.weight", "a.bias", "e.table");
        assertThat(first.weight().offset()).isZero();
        assertThat(first.bias().offset()).isEqualTo(6);
        assertThat(second.table().offset()).isEqualTo(8);
        assertThat(ps.size()).isEqualTo(6 + 2 + 20);
        assertThat(ps.parameter("e.table").shape()).containsExactly(4, 5);
    }

    @Test
    void badDefinitionsAreRejectedWithTheNameInTheMessage() {
        ParameterSet.Builder b = ParameterSet.builder();
        Linear.define(b, "enc", 2, 2);
        assertThatThrownBy(() -> Linear.define(b, "enc", 2, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate")
                .hasMessageContaining("enc.weight");
        assertThatThrownBy(() -> b.add("zero", Initialisation.ZEROS, 3, 0)).hasMessageContaining("zero");
        assertThatThrownBy(() -> ParameterSet.builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> b.build().parameter("nope")).hasMessageContaining("nope");
    }

    @Test
    void loadingAVectorOfTheWrongLengthSaysSo() {
        ParameterSet.Builder b = ParameterSet.builder();
        Linear.define(b, "l", 2, 2);
        ParameterSet ps = b.build();
        assertThatThrownBy(() -> ps.setAll(new double[5]))
                .hasMessageContaining("length 5")
                .hasMessageContaining("6");
    }

    @Test
    void initialisationIsReproducibleBySeedAndFollowsGlorot() {
        ParameterSet a = bigLayer();
        ParameterSet b = bigLayer();
        ParameterSet c = bigLayer();
        a.initialise(42);
        b.initialise(42);
        c.initialise(43);
        assertThat(a.values()).containsExactly(b.values());
        assertThat(a.values()).isNotEqualTo(c.values());

        Parameter w = a.parameter("big.weight");
        double limit = Math.sqrt(6.0 / (80 + 120)); // fan_out 120, fan_in 80
        double sumSq = 0;
        for (int i = 0; i < w.size(); i++) {
            double v = a.values()[w.offset() + i];
            assertThat(Math.abs(v)).isLessThanOrEqualTo(limit);
            sumSq += v * v;
        }
        // U(-l, l) has variance l^2 / 3; 9600 draws pin it to a few percent.
        assertThat(sumSq / w.size()).isCloseTo(limit * limit / 3, within(0.05 * limit * limit / 3));
        Parameter bias = a.parameter("big.bias");
        for (int i = 0; i < bias.size(); i++) {
            assertThat(a.values()[bias.offset() + i]).isZero();
        }
    }

    private static ParameterSet bigLayer() {
        ParameterSet.Builder b = ParameterSet.builder();
        Linear.define(b, "big", 80, 120);
        return b.build();
    }

    @Test
    void modificationsMoveTheVersion() {
        ParameterSet ps = bigLayer();
        long v0 = ps.version();
        ps.initialise(1);
        long v1 = ps.version();
        ps.setAll(ps.copyValues());
        assertThat(v1).isGreaterThan(v0);
        long v2 = ps.version();
        assertThat(v2).isGreaterThan(v1);
        ps.set(3, 0.5);
        assertThat(ps.values()[3]).isEqualTo(0.5);
        long v3 = ps.version();
        assertThat(v3).isGreaterThan(v2);
        ps.update(v -> v[4] = -0.5);
        assertThat(ps.values()[4]).isEqualTo(-0.5);
        long v4 = ps.version();
        assertThat(v4).isGreaterThan(v3);
        assertThatThrownBy(() -> ps.update(v -> {
                    v[5] = 2.0;
                    throw new IllegalArgumentException("half-way");
                }))
                .hasMessage("half-way");
        assertThat(ps.values()[5]).isEqualTo(2.0);
        assertThat(ps.version())
                .as("a failed editor may have written: the version moves")
                .isGreaterThan(v4);
    }

    @Test
    void layoutsCompareByNamesAndShapes() {
        ParameterSet one = bigLayer();
        ParameterSet two = bigLayer();
        ParameterSet.Builder b = ParameterSet.builder();
        Linear.define(b, "big", 80, 121);
        assertThat(one.sameLayout(two)).isTrue();
        assertThat(one.sameLayout(b.build())).isFalse();
    }
}
