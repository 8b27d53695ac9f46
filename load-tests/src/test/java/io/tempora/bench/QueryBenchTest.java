package io.tempora.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * {@code ./bench.sh query} in a tiny mode (a few hundred entities, a few dozen queries) on the real in-process broker,
 * the dev registry and two app instances: every query answered 200, forwarded exactly when the other instance owns
 * the entity (the benchmark stops otherwise), its JSON carries every figure, and the sizing holds together: the
 * changelog (every update) is no smaller than the stored records (the latest of each). Times are not asserted.
 */
class QueryBenchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aTinyRunAnswersEveryQueryAndReportsLatencyAndSizing() throws Exception {
        String line =
                new QueryBench().run(new String[] {"entities=100", "sizing=300", "events=8", "queries=20", "warmup=5"});

        assertThat(line).startsWith("{").endsWith("}").doesNotContain("\n");
        JsonNode json = JSON.readTree(line);
        for (String key : new String[] {
            "local_p50_ms",
            "local_p99_ms",
            "forwarded_p50_ms",
            "forwarded_p99_ms",
            "reference_p50_ms",
            "local_over_reference_p50",
            "state_disk_mb_per_10k",
            "changelog_mb_per_10k",
            "stored_mb_per_10k"
        }) {
            assertThat(json.get(key).asDouble()).as(key).isPositive();
        }
        assertThat(json.get("local_p99_ms").asDouble())
                .isGreaterThanOrEqualTo(json.get("local_p50_ms").asDouble());
        assertThat(json.get("entities").asInt()).isEqualTo(100);
        assertThat(json.get("sizing_entities").asInt()).isEqualTo(300);
        assertThat(json.get("per_10k_from").asText()).isEqualTo("100->300");
        assertThat(json.get("events_per_entity").asInt()).isEqualTo(8);
        assertThat(json.get("changelog_mb_per_10k").asDouble())
                .isGreaterThanOrEqualTo(json.get("stored_mb_per_10k").asDouble());
        assertThat(json.has("heap_mb")).isTrue();
        assertThat(json.has("rocksdb_native_mb_per_10k")).isTrue();
    }

    @Test
    void badArgumentsSayWhatIsAccepted() {
        assertThatThrownBy(() -> QueryBench.Options.parse(new String[] {"entities=1"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entities must be >= 2");
        assertThatThrownBy(() -> QueryBench.Options.parse(new String[] {"rounds=3"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown argument 'rounds'")
                .hasMessageContaining("sizing=M");
        assertThat(QueryBench.Options.parse(new String[] {"sizing=0"}).stages()).containsExactly(10_000);
    }
}
