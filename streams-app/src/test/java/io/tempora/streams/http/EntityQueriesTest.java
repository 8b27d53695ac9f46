package io.tempora.streams.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tempora.streams.TemporaConfig;
import org.junit.jupiter.api.Test;

/** The query parameters of {@code /entities/{id}/prediction}: what is accepted and what each refusal says. */
class EntityQueriesTest {

    private final EntityQueries queries =
            new EntityQueries(null, null, new double[] {60_000, 3_600_000}, TemporaConfig.DEFAULT_PREDICTION_MAX_TYPES);

    @Test
    void atIsEpochMillisecondsOrIsoInstant() {
        assertThat(EntityQueries.parseAt("1700000000123")).isEqualTo(1_700_000_000_123L);
        assertThat(EntityQueries.parseAt("2023-11-14T22:13:20.123Z")).isEqualTo(1_700_000_000_123L);
        long before = System.currentTimeMillis();
        assertThat(EntityQueries.parseAt(null)).isBetween(before, System.currentTimeMillis());
    }

    @Test
    void badAtSaysWhatIsAccepted() {
        assertThatThrownBy(() -> EntityQueries.parseAt("noon"))
                .hasMessageContaining("at='noon' is neither epoch milliseconds nor an ISO-8601 instant");
        assertThatThrownBy(() -> EntityQueries.parseAt("99999999999999999999")).hasMessageContaining("too large");
    }

    @Test
    void horizonsDefaultToTheConfiguredOnesAndMustAscend() {
        assertThat(queries.parseHorizons(null)).containsExactly(60_000, 3_600_000);
        assertThat(queries.parseHorizons("1000, 5000")).containsExactly(1000, 5000);
        assertThatThrownBy(() -> queries.parseHorizons("5000,1000")).hasMessageContaining("strictly ascending");
        assertThatThrownBy(() -> queries.parseHorizons("0")).hasMessageContaining("positive");
        assertThatThrownBy(() -> queries.parseHorizons("1h")).hasMessageContaining("'1h' is not a whole number");
        String tooMany = "1" + ",2".repeat(EntityQueries.MAX_HORIZONS);
        assertThatThrownBy(() -> queries.parseHorizons(tooMany)).hasMessageContaining("at most 64");
    }
}
