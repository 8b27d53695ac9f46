package io.tempora.trainer.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tempora.streams.model.RefusedVersion;
import io.tempora.trainer.cli.ModelsConnection.Settings;
import io.tempora.trainer.models.ModelHistory;
import io.tempora.trainer.models.ModelVersion;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tempora models list}: every version on the models topic with its parent, creation time, checksum, signature,
 * metrics and whether the streams app accepts it, and which one it serves; a table, or JSON with {@code --json}.
 */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = {
            "Lists the versions on the models topic: parent, created, checksum, signed, metrics, and whether the "
                    + "streams app accepts it. '*' marks the version the app serves (the newest accepted one, or "
                    + "the one pinned by tempora.model.pinned.version); the app's checks use "
                    + "tempora.model.verification.key when it is configured."
        })
final class ModelsListCommand implements Callable<Integer> {

    private static final String SERVING_MARK = "*";
    private static final String NONE = "-";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Zeros at the end of a mantissa with a decimal point ({@code 1.87500}, {@code 1.20000e+07}). */
    private static final Pattern TRAILING_ZEROS = Pattern.compile("(\\.\\d*?)0+(?=$|e)");
    /** A decimal point left with no digits after it ({@code 9.}, {@code 1.e+07}). */
    private static final Pattern TRAILING_POINT = Pattern.compile("\\.(?=$|e)");

    @Mixin
    private ModelsConnection connection;

    @Option(names = "--name", paramLabel = "NAME", description = "Only this model (default: every model on the topic).")
    private String name;

    @Option(names = "--json", description = "One JSON object on stdout instead of the table.")
    private boolean json;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    ModelsListCommand() {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            Settings s = connection.settings(System.getenv());
            ModelHistory history = ModelsSupport.history(s);
            Set<String> names = name == null ? history.names() : Set.of(name);
            if (json) {
                out.println(json(history, names));
            } else {
                table(out, history, names);
            }
            out.flush();
            return 0;
        } catch (ModelsFailure e) {
            spec.commandLine().getErr().println(e.getMessage());
            spec.commandLine().getErr().flush();
            return e.exitCode();
        }
    }

    private static void table(PrintWriter out, ModelHistory history, Set<String> names) {
        if (!history.topicExists()) {
            out.printf("topic %s does not exist: no versions%n", history.topic());
            return;
        }
        if (names.isEmpty() || names.stream().allMatch(n -> history.versions(n).isEmpty())) {
            out.printf(
                    "topic %s holds no versions%s%n",
                    history.topic(),
                    names.size() == 1 ? " of model '" + names.iterator().next() + "'" : "");
        }
        for (String n : names) {
            List<ModelVersion> versions = history.versions(n);
            if (versions.isEmpty()) {
                continue;
            }
            Optional<ModelVersion> serving = history.serving(n);
            out.printf(
                    "model '%s' on %s: %d version%s; the streams app serves %s%n",
                    n,
                    history.topic(),
                    versions.size(),
                    versions.size() == 1 ? "" : "s",
                    servingText(history.pinned(n), serving));
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"", "VERSION", "PARENT", "CREATED", "CHECKSUM", "SIGNED", "STATUS", "METRICS"});
            for (ModelVersion v : versions) {
                boolean serves = serving.isPresent() && serving.get() == v;
                rows.add(new String[] {
                    serves ? SERVING_MARK : "",
                    Long.toString(v.version()),
                    v.parentVersion().isPresent()
                            ? Long.toString(v.parentVersion().getAsLong())
                            : NONE,
                    v.createdAt().toString(),
                    ModelsSupport.shortChecksum(v.checksum()),
                    v.signed() ? "yes" : "no",
                    serves ? "serving" : status(v),
                    metricsText(v.metrics())
                });
            }
            printAligned(out, rows);
            for (ModelVersion v : versions) {
                v.refusal()
                        .ifPresent(r ->
                                out.printf("  version %d refused [%s]: %s%n", v.version(), r.reason(), r.message()));
            }
        }
        for (RefusedVersion u : history.unreadable()) {
            out.printf("unreadable record %s (key '%s'): %s%n", u.source(), u.modelName(), u.message());
        }
        if (history.tombstones() > 0) {
            out.printf(
                    "%d tombstone(s) on the topic, ignored (as the streams app ignores them)%n", history.tombstones());
        }
    }

    private static String servingText(OptionalLong pin, Optional<ModelVersion> serving) {
        if (pin.isPresent()) {
            return serving.isPresent()
                    ? "version " + serving.get().version() + " (pinned)"
                    : "none: version " + pin.getAsLong() + " is pinned but not accepted from this topic";
        }
        return serving.map(v -> "version " + v.version() + " (the newest accepted)")
                .orElse("none: no version is accepted");
    }

    private static String status(ModelVersion v) {
        return v.refusal().map(r -> "refused " + r.reason()).orElse("accepted");
    }

    private static String metricsText(Map<String, Double> metrics) {
        if (metrics.isEmpty()) {
            return NONE;
        }
        return metrics.entrySet().stream()
                .map(e -> e.getKey() + "=" + number(e.getValue()))
                .collect(Collectors.joining(" "));
    }

    /** {@code value} to six significant digits without trailing zeros: 9, 1.875, 1.83793, 1.2e+07. */
    static String number(double value) {
        String s = String.format(Locale.ROOT, "%.6g", value);
        return TRAILING_POINT
                .matcher(TRAILING_ZEROS.matcher(s).replaceFirst("$1"))
                .replaceFirst("");
    }

    /** Prints {@code rows} with every column but the last padded to its widest cell. */
    private static void printAligned(PrintWriter out, List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                line.append(c == columns - 1 ? row[c] : String.format("%-" + width[c] + "s  ", row[c]));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    static String json(ModelHistory history, Set<String> names) {
        ObjectNode root = JSON.createObjectNode();
        root.put("topic", history.topic());
        root.put("topic_exists", history.topicExists());
        ArrayNode models = root.putArray("models");
        for (String n : names) {
            ObjectNode model = models.addObject();
            model.put("name", n);
            Optional<ModelVersion> serving = history.serving(n);
            putVersion(
                    model,
                    "serving",
                    serving.map(v -> OptionalLong.of(v.version())).orElse(OptionalLong.empty()));
            putVersion(model, "pinned", history.pinned(n));
            putVersion(
                    model,
                    "newest",
                    history.newest(n).map(v -> OptionalLong.of(v.version())).orElse(OptionalLong.empty()));
            ArrayNode versions = model.putArray("versions");
            for (ModelVersion v : history.versions(n)) {
                ObjectNode o = versions.addObject();
                o.put("version", v.version());
                putVersion(o, "parent", v.parentVersion());
                o.put("created", v.createdAt().toString());
                o.put("checksum", v.checksum());
                o.put("signed", v.signed());
                o.put("accepted", v.accepted());
                o.put("serving", serving.isPresent() && serving.get() == v);
                if (v.refusal().isPresent()) {
                    o.put("refusal_reason", v.refusal().get().reason().name());
                    o.put("refusal", v.refusal().get().message());
                } else {
                    o.putNull("refusal_reason");
                    o.putNull("refusal");
                }
                o.put("source", v.source());
                ObjectNode metrics = o.putObject("metrics");
                v.metrics().forEach(metrics::put);
            }
        }
        ArrayNode unreadable = root.putArray("unreadable");
        for (RefusedVersion u : history.unreadable()) {
            unreadable
                    .addObject()
                    .put("key", u.modelName())
                    .put("source", u.source())
                    .put("message", u.message());
        }
        root.put("tombstones", history.tombstones());
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree failed to serialise: " + e.getMessage(), e);
        }
    }

    private static void putVersion(ObjectNode o, String field, OptionalLong version) {
        if (version.isPresent()) {
            o.put(field, version.getAsLong());
        } else {
            o.putNull(field);
        }
    }
}
