package io.tempora.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoSummaryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static DemoSummary summary(
            long produced, long accepted, long predictions, Map<String, Long> dead, String error) {
        return new DemoSummary(
                120,
                300,
                54_000,
                produced,
                accepted,
                predictions,
                40,
                dead,
                Map.of("LATE", 2L),
                List.of(1L, 2L),
                Map.of("none", 40L, "v1", 700L, "v2", 260L),
                List.of(),
                291.25,
                80,
                151.5,
                Double.NaN,
                120.04,
                14.2,
                List.of(
                        new AppInstances.Instance("127.0.0.1:8081", List.of(0, 2), 600),
                        new AppInstances.Instance("127.0.0.1:8082", List.of(1, 3), 400)),
                true,
                error);
    }

    @Test
    void lineIsThePrefixAndOneJsonObjectWithTheRequiredFields() throws Exception {
        DemoSummary s = summary(1005, 1000, 1000, Map.of("LATE", 2L, "CORRUPT_PAYLOAD", 3L), null);

        String line = s.line();
        assertThat(line).startsWith("DEMO {").doesNotContain("\n");
        JsonNode json = JSON.readTree(line.substring(DemoSummary.PREFIX.length()));
        assertThat(json.get("events_produced").asLong()).isEqualTo(1005);
        assertThat(json.get("events_accepted").asLong()).isEqualTo(1000);
        assertThat(json.get("predictions").asLong()).isEqualTo(1000);
        assertThat(json.get("dead_letters").get("LATE").asLong()).isEqualTo(2);
        assertThat(json.get("dead_letters").get("CORRUPT_PAYLOAD").asLong()).isEqualTo(3);
        assertThat(json.get("model_versions_served").isArray()).isTrue();
        assertThat(json.get("model_versions_served").get(1).asLong()).isEqualTo(2);
        assertThat(json.get("events_per_s").asDouble()).isEqualTo(291.3);
        assertThat(json.get("p99_event_to_prediction_ms").asDouble()).isEqualTo(151.5);
        assertThat(json.get("max_event_to_prediction_ms").isNull()).isTrue();
        assertThat(json.get("p99_after_warmup_ms").asDouble()).isEqualTo(120.0);
        assertThat(json.get("error").isNull()).isTrue();
        assertThat(json.get("balanced").asBoolean()).isTrue();
        assertThat(json.get("instances")).hasSize(2);
        assertThat(json.get("instances").get(1).get("http").asText()).isEqualTo("127.0.0.1:8082");
        assertThat(json.get("instances").get(1).get("partitions").get(1).asInt())
                .isEqualTo(3);
        assertThat(json.get("instances").get(0).get("predictions").asLong()).isEqualTo(600);
    }

    @Test
    void balancedNeedsOnePredictionPerAcceptedEventAndEveryRecordAccountedFor() {
        assertThat(summary(1005, 1000, 1000, Map.of("LATE", 5L), null).balanced())
                .isTrue();
        // a record neither predicted nor dead-lettered
        assertThat(summary(1006, 1000, 1000, Map.of("LATE", 5L), null).balanced())
                .isFalse();
        // an accepted event predicted twice
        assertThat(summary(1005, 1000, 1001, Map.of("LATE", 5L), null).balanced())
                .isFalse();
    }

    @Test
    void errorTextIsEscaped() throws Exception {
        String error = "java.lang.IllegalStateException: \"broker\" failed\n\tat \\x";

        JsonNode json = JSON.readTree(summary(0, 0, 0, Map.of(), error).toJson());

        assertThat(json.get("error").asText()).isEqualTo(error);
    }
}
