package io.tempora.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tempora.trainer.service.RunRecord;
import io.tempora.trainer.service.RunRecord.Decision;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A short live demo end to end (real in-process broker, the dev Schema Registry, the streams app, the training
 * service in the same JVM), console off: the history goes to the events topic, the training service's first run
 * publishes version 1 from scratch, a later run warm-starts from it and records its decision against it with both
 * figures, and the live stream's accounting still balances with the history on the topic.
 */
class DemoTrainingServiceTest {

    /** Few entities at a quick pace, small budgets: the test takes about a minute. */
    private static final DemoOptions OPTIONS = DemoOptions.parse(
            "seconds=25",
            "entities=40",
            "unit-ms=200",
            "history-units=60",
            "train-s=3",
            "retrain-every=8",
            "seed=11",
            "console=off");

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void firstModelAndARetrainComeFromTheTrainingServiceAndTheAccountingBalances() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        DemoSummary summary;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            summary = Demo.run(OPTIONS, out);
        }

        assertThat(summary.error()).isNull();
        assertThat(summary.drained()).isTrue();
        assertThat(summary.balanced()).isTrue();
        assertThat(summary.historyEvents()).isPositive();

        List<DemoTrainingRun> runs = summary.trainingRuns();
        assertThat(runs).hasSizeGreaterThanOrEqualTo(2);
        RunRecord first = runs.get(0).record();
        assertThat(first.decision()).isEqualTo(Decision.PUBLISHED);
        assertThat(first.start()).isEqualTo("cold");
        assertThat(first.championVersion()).isEmpty();
        assertThat(first.publishedVersion()).hasValue(1);
        // the first run read the whole history (and any live records produced before it started)
        assertThat(first.recordsRead()).isGreaterThanOrEqualTo(summary.historyEvents());

        RunRecord retrain = runs.get(1).record();
        assertThat(retrain.start()).isEqualTo("warm");
        assertThat(retrain.championVersion()).hasValue(1);
        assertThat(retrain.recordsRead()).isGreaterThan(first.recordsRead());
        assertThat(retrain.championNllPerEvent()).isFinite();
        assertThat(retrain.challengerNllPerEvent()).isFinite();
        assertThat(retrain.decision()).isIn(Decision.PUBLISHED, Decision.KEPT_CHAMPION);
        if (retrain.decision() == Decision.PUBLISHED) {
            assertThat(retrain.publishedVersion()).hasValue(2);
            assertThat(retrain.parentVersion()).hasValue(1);
            assertThat(retrain.championNllPerEvent() - retrain.challengerNllPerEvent())
                    .isGreaterThan(retrain.margin());
        } else {
            assertThat(retrain.publishedVersion()).isEmpty();
            assertThat(retrain.championNllPerEvent() - retrain.challengerNllPerEvent())
                    .isLessThanOrEqualTo(retrain.margin());
        }

        // every version the predictions carry is one the training service published
        List<Long> published = runs.stream()
                .filter(DemoTrainingRun::published)
                .map(r -> r.record().publishedVersion().getAsLong())
                .toList();
        assertThat(published).containsAll(summary.modelVersionsServed());

        String[] lines = printed.toString(StandardCharsets.UTF_8).split("\n");
        String last = lines[lines.length - 1];
        assertThat(last).startsWith(DemoSummary.PREFIX);
        JsonNode json = JSON.readTree(last.substring(DemoSummary.PREFIX.length()));
        assertThat(json.get("history_events").asLong()).isEqualTo(summary.historyEvents());
        assertThat(json.get("training_runs")).hasSize(runs.size());
        assertThat(json.get("training_runs").get(0).get("decision").asText()).isEqualTo("published");
        assertThat(json.get("training_runs").get(0).get("published_version").asLong())
                .isEqualTo(1);
        assertThat(json.get("training_runs").get(1).get("champion_version").asLong())
                .isEqualTo(1);
        assertThat(json.get("balanced").asBoolean()).isTrue();
    }
}
