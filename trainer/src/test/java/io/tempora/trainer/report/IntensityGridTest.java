package io.tempora.trainer.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tempora.data.EventSequence;
import org.junit.jupiter.api.Test;

class IntensityGridTest {

    @Test
    void eachGapHasItsEventJustAfterThePointsInsideDenserEarlyAndTheNextEventJustBefore() {
        EventSequence s = EventSequence.ofTimes("u", 1_000, 5_000, 5_000, 6_000);

        IntensityGrid grid = IntensityGrid.along(s, 10, 4);

        // Gap 1 (4 s): 1000⁺, 1000 + 4000·(1/16, 4/16, 9/16), 5000⁻; then 5000⁺ and, the tie having no inside, 5000⁻
        // of the third event; its 5000⁺, gap 3 (1 s) as gap 1, and 6000⁻, 6000⁺.
        assertThat(grid.times())
                .containsExactly(
                        1_000, 1_250, 2_000, 3_250, 5_000, 5_000, 5_000, 5_000, 5_062.5, 5_250, 5_562.5, 6_000, 6_000);
        assertThat(grid.observed()).containsExactly(1, 1, 1, 1, 1, 2, 2, 3, 3, 3, 3, 3, 4);
        assertThat(grid.events()).isEqualTo(4);
    }

    @Test
    void onlyTheFirstMaxEventsAreCovered() {
        EventSequence s = EventSequence.ofTimes("u", 0, 1, 2, 3, 4);

        IntensityGrid grid = IntensityGrid.along(s, 2, 3);

        assertThat(grid.times()).containsExactly(0, 1.0 / 9, 4.0 / 9, 1, 1);
        assertThat(grid.observed()).containsExactly(1, 1, 1, 1, 2);
        assertThat(grid.events()).isEqualTo(2);
    }

    @Test
    void refusesAnEmptyBound() {
        assertThatThrownBy(() -> IntensityGrid.along(EventSequence.ofTimes("u", 0, 1), 0, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxEvents");
    }
}
