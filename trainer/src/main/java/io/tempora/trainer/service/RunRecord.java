package io.tempora.trainer.service;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What one run of the training service decided and why, with the figures behind it: printed as one JSON line
 * ({@link #toJson()}, prefixed {@value #JSON_PREFIX} on stdout) and logged; a published version carries the same
 * figures in its {@code trainingMetrics}. NLLs are nats per scored event on the held-out entities under the
 * evaluate convention (time in seconds, each history's first event conditioned on).
 *
 * @param model                  the model name
 * @param startedAt              when the run started
 * @param decision               what the run did
 * @param reason                 why, in words
 * @param start                  how the new version was initialised: {@code warm} (from the champion's parameters),
 *                               {@code cold} (new parameters), or null when nothing was trained
 * @param championVersion        the serving version, if any
 * @param championNllPerEvent    its validation NLL per event, NaN if there is no champion or it cannot score the data
 * @param challengerNllPerEvent  the new version's validation NLL per event, NaN if none was trained
 * @param margin                 the configured margin (nats/event)
 * @param publishedVersion       the version published, if any
 * @param parentVersion          the published version's parent (the champion of a warm start), if any
 * @param recordsRead            records read in the window
 * @param badEvents              records left out, by reason
 * @param cappedEvents           events left out by the per-entity cap (the oldest of busy entities)
 * @param entities               entities with a history
 * @param trainEvents            events of the training entities
 * @param validationEvents       scored events of the held-out entities
 * @param trainSeconds           wall time of the training
 * @param eventsPerSecond        training events processed per second of training (all epochs)
 * @param epochs                 epochs run
 * @param bestEpoch              the epoch whose parameters were kept (0: none improved on the start)
 */
public record RunRecord(
        String model,
        Instant startedAt,
        Decision decision,
        String reason,
        String start,
        OptionalLong championVersion,
        double championNllPerEvent,
        double challengerNllPerEvent,
        double margin,
        OptionalLong publishedVersion,
        OptionalLong parentVersion,
        long recordsRead,
        Map<String, Long> badEvents,
        long cappedEvents,
        long entities,
        long trainEvents,
        long validationEvents,
        double trainSeconds,
        double eventsPerSecond,
        int epochs,
        int bestEpoch) {

    /** The prefix of the JSON line on stdout, so that a log reader picks it out of other output. */
    public static final String JSON_PREFIX = "TRAIN ";

    /** What a run did. */
    public enum Decision {
        /** The new version beat the champion by the margin (or there was none) and was published. */
        PUBLISHED,
        /** The new version did not beat the champion by the margin; nothing was published. */
        KEPT_CHAMPION,
        /** Too little data to train on; nothing was trained or published. */
        SKIPPED,
        /** The run failed (bad data, an invalid model, an outage that outlasted the retries); nothing was published. */
        FAILED
    }

    public RunRecord {
        badEvents = Map.copyOf(badEvents);
    }

    /** A run that ended before training: {@code decision} with {@code reason} and what was read. */
    static RunRecord early(
            String model,
            Instant startedAt,
            Decision decision,
            String reason,
            OptionalLong championVersion,
            double margin,
            long recordsRead,
            Map<String, Long> badEvents,
            long cappedEvents,
            long entities) {
        return new RunRecord(
                model,
                startedAt,
                decision,
                reason,
                null,
                championVersion,
                Double.NaN,
                Double.NaN,
                margin,
                OptionalLong.empty(),
                OptionalLong.empty(),
                recordsRead,
                badEvents,
                cappedEvents,
                entities,
                0,
                0,
                0,
                Double.NaN,
                0,
                0);
    }

    /** One JSON object on one line; absent or non-finite figures are {@code null}. */
    public String toJson() {
        StringBuilder bad = new StringBuilder("{");
        badEvents.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> bad.append(
                        bad.length() > 1 ? "," : "")
                .append(string(e.getKey()))
                .append(':')
                .append(e.getValue()));
        bad.append('}');
        return "{\"model\":" + string(model)
                + ",\"started_at\":" + string(startedAt.toString())
                + ",\"decision\":" + string(decision.name().toLowerCase(Locale.ROOT))
                + ",\"reason\":" + string(reason)
                + ",\"start\":" + (start == null ? "null" : string(start))
                + ",\"champion_version\":" + number(championVersion)
                + ",\"champion_nll_per_event\":" + number(championNllPerEvent)
                + ",\"challenger_nll_per_event\":" + number(challengerNllPerEvent)
                + ",\"margin\":" + number(margin)
                + ",\"published_version\":" + number(publishedVersion)
                + ",\"parent_version\":" + number(parentVersion)
                + ",\"records_read\":" + recordsRead
                + ",\"bad_events\":" + bad
                + ",\"capped_events\":" + cappedEvents
                + ",\"entities\":" + entities
                + ",\"train_events\":" + trainEvents
                + ",\"validation_events\":" + validationEvents
                + ",\"train_seconds\":" + number(trainSeconds)
                + ",\"events_per_s\":" + number(eventsPerSecond)
                + ",\"epochs\":" + epochs
                + ",\"best_epoch\":" + bestEpoch
                + "}";
    }

    private static String number(double x) {
        // + 0.0 turns a negative zero into 0, so it prints without a sign
        return Double.isFinite(x) ? String.format(Locale.ROOT, "%.6f", x + 0.0) : "null";
    }

    private static String number(OptionalLong x) {
        return x.isPresent() ? Long.toString(x.getAsLong()) : "null";
    }

    /** {@code s} as a JSON string: quotes, backslashes and control characters escaped. */
    static String string(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
