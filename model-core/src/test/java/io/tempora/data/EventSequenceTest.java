package io.tempora.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EventSequenceTest {

    @Test
    void validatesTimesTypesAndFeatures() {
        assertThatThrownBy(() -> EventSequence.ofTimes("a", 1, 3, 2))
                .hasMessageContaining("event 2")
                .hasMessageContaining("before the previous event");
        assertThatThrownBy(() -> EventSequence.ofTimes("a", 1, Double.NaN)).hasMessageContaining("not finite");
        assertThatThrownBy(() -> EventSequence.of("a", new double[] {1, 2}, new int[] {0, -1}))
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> EventSequence.of("a", new double[] {1, 2}, new int[] {0}))
                .hasMessageContaining("lengths");
        assertThatThrownBy(() ->
                        new EventSequence("a", new double[] {1, 2}, new int[] {0, 0}, new double[][] {{1}, {1, 2}}))
                .hasMessageContaining("event 1: 2 features where event 0 has 1");
        assertThatThrownBy(() -> new EventSequence(
                        "a", new double[] {1}, new int[] {0}, new double[][] {{Double.POSITIVE_INFINITY}}))
                .hasMessageContaining("feature 0");
        assertThatThrownBy(() -> EventSequence.ofTimes(" ", 1)).hasMessageContaining("blank");
        assertThatThrownBy(() ->
                        EventSequence.of("a", new double[] {1}, new int[] {3}).requireTypesBelow(3))
                .hasMessageContaining("type id 3");
        // ties are allowed
        assertThat(EventSequence.ofTimes("a", 1, 1, 2).size()).isEqualTo(3);
    }

    @Test
    void isImmutable() {
        double[] times = {1, 2};
        double[][] feats = {{5}, {6}};
        EventSequence s = new EventSequence("a", times, new int[] {0, 1}, feats);
        times[0] = 99;
        feats[0][0] = 99;
        s.times()[1] = 99;
        s.features()[1][0] = 99;
        assertThat(s.time(0)).isEqualTo(1);
        assertThat(s.time(1)).isEqualTo(2);
        assertThat(s.feature(0, 0)).isEqualTo(5);
        assertThat(s.feature(1, 0)).isEqualTo(6);
        assertThat(s)
                .isEqualTo(new EventSequence("a", new double[] {1, 2}, new int[] {0, 1}, new double[][] {{5}, {6}}));
        assertThat(s.hashCode())
                .isEqualTo(new EventSequence("a", new double[] {1, 2}, new int[] {0, 1}, new double[][] {{5}, {6}})
                        .hashCode());
    }

    @Test
    void slicesAndRescales() {
        EventSequence s = new EventSequence(
                "a",
                new double[] {1_700_000_000_000.0, 1_700_000_003_600.0, 1_700_000_007_200.0},
                new int[] {0, 1, 0},
                new double[][] {{1}, {2}, {3}});
        EventSequence hours = s.rescaled(s.time(0), 3_600.0);
        assertThat(hours.times()).containsExactly(new double[] {0, 1, 2}, within(1e-12));
        assertThat(hours.types()).containsExactly(0, 1, 0);
        assertThat(s.slice(1, 3).times()).containsExactly(1_700_000_003_600.0, 1_700_000_007_200.0);
        assertThat(s.slice(1, 3).featuresOf(1)).containsExactly(3);
        assertThatThrownBy(() -> s.rescaled(0, 0)).hasMessageContaining("positive unit");
    }
}
