package io.tempora.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * {@code ./bench.sh faults} in a tiny mode on the real in-process broker, the dev registry and the product app with
 * the demo's trained model: every bad record is dead-lettered with its kind's reason, every good event has exactly
 * one prediction, and no stream thread dies; every bad model version published during a stream is refused and every
 * event of that stream has its prediction from the good version; a broker restarted during a stream loses and
 * duplicates no prediction. Times are not asserted.
 */
class FaultsBenchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aTinyRunDeadLettersEveryBadRecordRefusesEveryBadModelAndPredictsEveryGoodEventOnce() throws Exception {
        String line = new FaultsBench().run(new String[] {
            "malformed=180",
            "good=600",
            "entities=40",
            "model-events=1500",
            "model-rounds=1",
            "restart-events=3000",
            "down-s=2"
        });

        assertThat(line).startsWith("{").endsWith("}").doesNotContain("\n");
        JsonNode json = JSON.readTree(line);
        assertThat(json.get("malformed_sent").asLong()).isEqualTo(180);
        assertThat(json.get("malformed_dead_lettered_pct").asDouble()).isEqualTo(100.0);
        assertThat(json.get("malformed_wrong_reason").asLong()).isZero();
        assertThat(json.get("good_events_sent").asLong()).isEqualTo(600);
        assertThat(json.get("good_events_missing").asLong()).isZero();
        assertThat(json.get("good_events_duplicated").asLong()).isZero();
        assertThat(json.get("good_events_dead_lettered").asLong()).isZero();
        assertThat(json.get("stream_threads_died").asLong()).isZero();
        assertThat(json.get("bad_models_published").asLong()).isEqualTo(4);
        assertThat(json.get("bad_models_refused").asLong()).isEqualTo(4);
        assertThat(json.get("bad_models_events").asLong()).isEqualTo(1500);
        assertThat(json.get("predictions_missing_during_bad_models").asLong()).isZero();
        assertThat(json.get("bad_models_serving_at_end").asLong())
                .isEqualTo(json.get("model_version").asLong() + 1);
    }
}
