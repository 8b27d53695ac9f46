package io.tempora.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * {@code ./bench.sh faults} in tiny modes on real brokers, the dev registry and the product app with the demo's trained
 * model: every bad record is dead-lettered with its kind's reason, every good event has exactly one prediction, and no
 * stream thread dies; every bad model version published during a stream is refused and every event of that stream has
 * its prediction from the good version; a broker in a child process SIGKILLed and started again during a stream loses
 * and duplicates no prediction; the app in a child process SIGKILLed and started again during a stream predicts every
 * event once and ends in the states of an uninterrupted run. Times are not asserted.
 */
class FaultsBenchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aTinyRunDeadLettersEveryBadRecordRefusesEveryBadModelAndPredictsEveryGoodEventOnce() throws Exception {
        String line = new FaultsBench().run(new String[] {
            "parts=malformed,models", "malformed=180", "good=600", "entities=40", "model-events=1500", "model-rounds=1"
        });

        JsonNode json = json(line);
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

    @Test
    void aBrokerKilledAndStartedAgainMidStreamLosesAndDuplicatesNoPrediction() throws Exception {
        JsonNode json = json(new FaultsBench()
                .run(new String[] {"parts=restart", "entities=40", "restart-events=3000", "down-s=2"}));
        assertThat(json.get("broker_restart_events").asLong()).isEqualTo(3000);
        assertThat(json.get("broker_restart_missing").asLong()).isZero();
        assertThat(json.get("broker_restart_duplicated").asLong()).isZero();
        assertThat(json.get("broker_restart_threads_died").asLong()).isZero();
    }

    @Test
    void anAppKilledThreeTimesMidStreamPredictsEveryEventOnceAndEndsInTheUninterruptedRunsStates() throws Exception {
        JsonNode json = json(new FaultsBench().run(new String[] {
            "parts=crash", "entities=200", "crash-events=20000", "crash-kills=3", "crash-rate=4000"
        }));
        assertThat(json.get("crash_kills").asLong()).isEqualTo(3);
        assertThat(json.get("crash_events").asLong()).isEqualTo(20_000);
        assertThat(json.get("crash_events_missing").asLong()).isZero();
        assertThat(json.get("crash_events_duplicated").asLong()).isZero();
        assertThat(json.get("crash_entities_compared").asLong()).isEqualTo(200);
        assertThat(json.get("crash_entities_differing").asLong()).isZero();
        assertThat(json.get("crash_states_equal").asBoolean()).isTrue();
        assertThat(json.get("crash_reference_events_not_once").asLong()).isZero();
    }

    private static JsonNode json(String line) throws Exception {
        assertThat(line).startsWith("{").endsWith("}").doesNotContain("\n");
        return JSON.readTree(line);
    }
}
