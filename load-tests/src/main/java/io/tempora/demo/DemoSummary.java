package io.tempora.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a demo run did, printed as its last line: {@code DEMO } and this as one JSON object ({@link #line()}).
 *
 * @param seconds                  seconds of live generation that were run
 * @param entities                 simulated entities
 * @param historyEvents            history events produced to the events topic before the streams app started (the
 *                                 first model's training data); the app starts after them ({@link HistoryTopic}), so
 *                                 they are in none of the live stream's counts below
 * @param eventsProduced           records of the live stream the broker acknowledged on the events topic, bad ones
 *                                 included
 * @param eventsAccepted           produced event ids that have a prediction
 * @param predictions              prediction records read (read_committed)
 * @param predictionsWithoutModel  of which made while no model served
 * @param deadLetters              dead letters read, by reason code
 * @param malformedSent            bad records sent, by kind ({@link MalformedRecords.Kind})
 * @param modelVersionsServed      model versions named by the predictions, ascending
 * @param predictionsByVersion     predictions per model version ({@code none}, {@code v1}, ...), ascending
 * @param trainingRuns             the training service's runs that ended during the demo, in order
 * @param eventsPerSecond          predictions and dead letters per second, from the first to the last one read
 * @param p50Ms                    median latency from an event's produce time to its prediction's receipt
 * @param p99Ms                    99th percentile of that latency
 * @param maxMs                    largest of that latency
 * @param p99SteadyMs              99th percentile of that latency for events produced after the first
 *                                 {@link ResultsView#WARMUP_MS} ms of the live stream
 * @param firstPredictionSeconds   seconds from the JVM's start to the first prediction read (NaN: none)
 * @param instances                the streams app's instances as they were when the stream had drained: each one's
 *                                 HTTP address, partitions of the events topic and predictions made (empty when the
 *                                 run ended before they started)
 * @param drained                  whether every produced record had its prediction or dead letter at the end
 * @param error                    why the run ended early, or null
 */
record DemoSummary(
        long seconds,
        int entities,
        long historyEvents,
        long eventsProduced,
        long eventsAccepted,
        long predictions,
        long predictionsWithoutModel,
        Map<String, Long> deadLetters,
        Map<String, Long> malformedSent,
        List<Long> modelVersionsServed,
        Map<String, Long> predictionsByVersion,
        List<DemoTrainingRun> trainingRuns,
        double eventsPerSecond,
        double p50Ms,
        double p99Ms,
        double maxMs,
        double p99SteadyMs,
        double firstPredictionSeconds,
        List<AppInstances.Instance> instances,
        boolean drained,
        String error) {

    /** What the last line starts with. */
    static final String PREFIX = "DEMO ";

    DemoSummary {
        deadLetters = new TreeMap<>(deadLetters);
        malformedSent = new TreeMap<>(malformedSent);
        modelVersionsServed = List.copyOf(modelVersionsServed);
        predictionsByVersion = new LinkedHashMap<>(predictionsByVersion);
        trainingRuns = List.copyOf(trainingRuns);
        instances = List.copyOf(instances);
    }

    long deadLettersTotal() {
        long n = 0;
        for (long v : deadLetters.values()) {
            n += v;
        }
        return n;
    }

    /**
     * The run's accounting holds: one prediction per accepted event, and every produced record either accepted or
     * dead-lettered. Both are about the live stream: the history went to the topic before the app started, which
     * starts after it, so it has neither predictions nor dead letters ({@link #historyEvents} counts it apart).
     */
    boolean balanced() {
        return predictions == eventsAccepted && eventsAccepted + deadLettersTotal() == eventsProduced;
    }

    /** {@code DEMO {...}}. */
    String line() {
        return PREFIX + toJson();
    }

    /** One JSON object; keys in snake case, non-finite numbers as null. */
    String toJson() {
        List<String> fields = new ArrayList<>();
        fields.add(field("events_produced", Long.toString(eventsProduced)));
        fields.add(field("events_accepted", Long.toString(eventsAccepted)));
        fields.add(field("predictions", Long.toString(predictions)));
        fields.add(field("dead_letters", object(deadLetters)));
        fields.add(field("dead_letters_total", Long.toString(deadLettersTotal())));
        fields.add(field("model_versions_served", modelVersionsServed.toString().replace(" ", "")));
        fields.add(field("predictions_by_model_version", object(predictionsByVersion)));
        fields.add(field(
                "training_runs",
                "["
                        + String.join(
                                ",",
                                trainingRuns.stream()
                                        .map(DemoTrainingRun::toJson)
                                        .toList()) + "]"));
        fields.add(field("history_events", Long.toString(historyEvents)));
        fields.add(field("events_per_s", number(eventsPerSecond, 1)));
        fields.add(field("p50_event_to_prediction_ms", number(p50Ms, 1)));
        fields.add(field("p99_event_to_prediction_ms", number(p99Ms, 1)));
        fields.add(field("max_event_to_prediction_ms", number(maxMs, 1)));
        fields.add(field("p99_after_warmup_ms", number(p99SteadyMs, 1)));
        fields.add(field("predictions_without_model", Long.toString(predictionsWithoutModel)));
        fields.add(field("malformed_sent", object(malformedSent)));
        fields.add(field("balanced", Boolean.toString(balanced())));
        fields.add(field("drained", Boolean.toString(drained)));
        fields.add(field("seconds", Long.toString(seconds)));
        fields.add(field("entities", Integer.toString(entities)));
        fields.add(field("first_prediction_after_s", number(firstPredictionSeconds, 1)));
        fields.add(field(
                "instances",
                "["
                        + String.join(
                                ",",
                                instances.stream()
                                        .map(AppInstances.Instance::toJson)
                                        .toList()) + "]"));
        fields.add(field("error", error == null ? "null" : string(error)));
        return "{" + String.join(",", fields) + "}";
    }

    private static String field(String name, String json) {
        return string(name) + ":" + json;
    }

    private static String object(Map<String, Long> counts) {
        List<String> entries = new ArrayList<>();
        counts.forEach((k, v) -> entries.add(field(k, Long.toString(v))));
        return "{" + String.join(",", entries) + "}";
    }

    private static String number(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "null";
    }

    /** A JSON string literal: quotes, backslashes and control characters escaped. */
    static String string(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
