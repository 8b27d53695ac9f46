package io.tempora.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code ./bench.sh serde} in a tiny mode (a few records, short rounds) against the real dev registry: its JSON
 * carries every key with a positive figure, and unknown schema ids cost the registry one request per id, not per
 * record. Times are not asserted.
 */
class SerdeBenchTest {

    private static final Pattern NUMBER_FIELD = Pattern.compile("\"([a-z_]+)\":(-?[0-9.eE+-]+)");

    @Test
    void aTinyRunReportsEveryFigureAndRemembersUnknownIds() throws Exception {
        String json = new SerdeBench().run(new String[] {
            "rounds=1", "round_ms=20", "warmup_ms=20", "pool=16", "unknown_records=1000", "unknown_ids=10"
        });

        Map<String, Double> fields = numbers(json);
        assertThat(json).startsWith("{").endsWith("}").doesNotContain("\n");
        assertThat(fields)
                .containsOnlyKeys("valid_per_s", "bad_per_s", "registry_calls_per_unknown_id", "bad_to_valid_ratio");
        assertThat(fields.get("valid_per_s")).isPositive();
        assertThat(fields.get("bad_per_s")).isPositive();
        assertThat(fields.get("bad_to_valid_ratio")).isPositive();
        // 10 ids over 1,000 records: one request per id is exactly 0.01; one per record would be 1.
        assertThat(fields.get("registry_calls_per_unknown_id")).isPositive().isLessThanOrEqualTo(0.01);
    }

    private static Map<String, Double> numbers(String json) {
        Map<String, Double> fields = new LinkedHashMap<>();
        Matcher m = NUMBER_FIELD.matcher(json);
        while (m.find()) {
            fields.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return fields;
    }
}
