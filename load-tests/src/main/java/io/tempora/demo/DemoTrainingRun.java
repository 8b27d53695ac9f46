package io.tempora.demo;

import io.tempora.trainer.service.RunRecord;
import io.tempora.trainer.service.RunRecord.Decision;
import java.util.Locale;

/**
 * One run of the training service during the demo: the service's own {@link RunRecord} (its decision, the champion's
 * and the new version's validation NLL, the version published) and when the run started and ended, in seconds of the
 * live stream (negative: before it began).
 *
 * @param number   the run's number in the demo, from 1
 * @param record   what the run decided, as the training service records it
 * @param startedS when the run started, seconds since the live stream began
 * @param endedS   when the run ended, seconds since the live stream began
 */
record DemoTrainingRun(int number, RunRecord record, double startedS, double endedS) {

    /** One line for the console: what the run did and the figures it decided on. */
    String line() {
        RunRecord r = record;
        String when = String.format(Locale.ROOT, "run %d (%.0f-%.0f s)", number, startedS, endedS);
        String from = "warm".equals(r.start())
                ? "warm start from v" + r.championVersion().orElse(0)
                : "cold start";
        return switch (r.decision()) {
            case PUBLISHED ->
                r.championVersion().isPresent() && Double.isFinite(r.championNllPerEvent())
                        ? String.format(
                                Locale.ROOT,
                                "%s: published v%d (%s): NLL %.4f against v%d's %.4f nats/event, margin %.3f",
                                when,
                                r.publishedVersion().orElse(0),
                                from,
                                r.challengerNllPerEvent(),
                                r.championVersion().getAsLong(),
                                r.championNllPerEvent(),
                                r.margin())
                        : String.format(
                                Locale.ROOT,
                                "%s: published v%d (%s, %s): NLL %.4f nats/event on %d held-out events",
                                when,
                                r.publishedVersion().orElse(0),
                                from,
                                r.reason(),
                                r.challengerNllPerEvent(),
                                r.validationEvents());
            case KEPT_CHAMPION ->
                String.format(
                        Locale.ROOT,
                        "%s: kept v%d (%s): challenger NLL %.4f against the champion's %.4f nats/event, margin %.3f",
                        when,
                        r.championVersion().orElse(0),
                        from,
                        r.challengerNllPerEvent(),
                        r.championNllPerEvent(),
                        r.margin());
            case SKIPPED, FAILED ->
                String.format(
                        Locale.ROOT, "%s: %s: %s", when, r.decision().name().toLowerCase(Locale.ROOT), r.reason());
        };
    }

    /** Whether the run published a version. */
    boolean published() {
        return record.decision() == Decision.PUBLISHED
                && record.publishedVersion().isPresent();
    }

    /** The run as one JSON object: {@code number}, {@code started_s}, {@code ended_s}, then the run record's fields. */
    String toJson() {
        String fields = record.toJson();
        return String.format(
                Locale.ROOT,
                "{\"number\":%d,\"started_s\":%.1f,\"ended_s\":%.1f,%s",
                number,
                startedS,
                endedS,
                fields.substring(1));
    }
}
