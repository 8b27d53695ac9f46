package io.tempora.trainer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The metrics a model version carries, read from a JSON file beside the model when there is one: every number in the
 * file, nested objects flattened with dots ({@code {"baselines":{"poisson":{"nll_per_event":2.1}}}} gives
 * {@code baselines.poisson.nll_per_event}). Other values (text, booleans, nulls, arrays) are not metrics; they are
 * listed in {@link Read#ignored} so the caller can say so. Publishing never depends on a sidecar.
 */
final class MetricsSidecar {

    /** Sidecar names looked for beside {@code MODEL}, in order: {@code MODEL.metrics.json}, {@code MODEL.json}. */
    static final List<String> SUFFIXES = List.of(".metrics.json", ".json");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The metrics read, the file they came from, and the fields that were not numbers. */
    record Read(Map<String, Double> metrics, Optional<Path> file, List<String> ignored) {

        static Read none() {
            return new Read(Map.of(), Optional.empty(), List.of());
        }
    }

    private MetricsSidecar() {}

    /** The first sidecar of {@code model} that exists ({@link #SUFFIXES}), or none. */
    static Optional<Path> find(Path model) {
        for (String suffix : SUFFIXES) {
            Path candidate = model.resolveSibling(model.getFileName() + suffix);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * The metrics in {@code file}.
     *
     * @throws ModelsFailure (bad input) if the file cannot be read or is not a JSON object
     */
    static Read read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw ModelsFailure.badInput("metrics file " + file + " is not readable JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw ModelsFailure.badInput("metrics file " + file + " must hold one JSON object of metrics by name");
        }
        Map<String, Double> metrics = new TreeMap<>();
        List<String> ignored = new ArrayList<>();
        flatten("", root, metrics, ignored);
        return new Read(metrics, Optional.of(file), List.copyOf(ignored));
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Double> metrics, List<String> ignored) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = prefix + field.getKey();
            JsonNode value = field.getValue();
            if (value.isNumber()) {
                metrics.put(name, value.doubleValue());
            } else if (value.isObject()) {
                flatten(name + ".", value, metrics, ignored);
            } else {
                ignored.add(name);
            }
        }
    }
}
