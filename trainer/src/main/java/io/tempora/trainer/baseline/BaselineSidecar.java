package io.tempora.trainer.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tempora.data.Dataset;
import io.tempora.data.TypeVocabulary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The baselines kept with a model: a small JSON file next to it, {@code MODEL.baselines.json} ({@link #path}),
 * written by {@code fit} and read by {@code evaluate}. It holds what scoring needs and what the fit measured:
 * <pre>
 * {"format": "tempora-baselines/1",
 *  "convention": "...",                        the likelihood convention, in words
 *  "training": {"scored_events": n, "sequences": S, "exposure_seconds": T},
 *  "unseen_type_probability": ε,               UnseenTypes: 1 / (n + K + 1)
 *  "types": [names...], "type_counts": [n_k...],   scored training events per type
 *  "poisson": {"rate_per_second": λ, "training": FIGURES, "validation": FIGURES or null},
 *  "hawkes": {"mu_per_second": μ, "alpha": α, "beta_per_second": β, "training": ..., "validation": ...},
 *  "lognormmix": {"hidden": H, "components": M, "embedding": E, "log_gap_mean": ȳ, "log_gap_sd": s_y,
 *                 "epochs": n, "best_epoch": b, "held_out_nll_per_event": v, "parameters": [θ...],
 *                 "training": ..., "validation": ...}}
 * </pre>
 * where FIGURES is {@code {"nll_per_event", "nll_time_per_event", "nll_type_per_event", "events",
 * "unseen_type_events"}} (nats per scored event; null where there was no scored event), validation being
 * {@code fit --validation}'s file. Written to a temporary file and moved into place, so a reader never sees
 * half of one. {@code lognormmix} ({@link LogNormMix}) is absent from files of earlier builds: such a file is
 * still read, its baselines without that one.
 *
 * @param baselines  the fitted baselines
 * @param training   their figures on the training data
 * @param validation their figures on the validation file, or null without one
 */
public record BaselineSidecar(
        Baselines baselines, Map<String, BaselineScore> training, Map<String, BaselineScore> validation) {

    /** The format's name and version, the file's first field. */
    public static final String FORMAT = "tempora-baselines/1";

    /** What the sidecar's name adds to the model's. */
    public static final String SUFFIX = ".baselines.json";

    private static final String CONVENTION = "nats per scored event; time in seconds; each sequence's first event"
            + " conditioned on, not scored; the integral from a sequence's first event to its last; type"
            + " log-probability included and reported apart; unseen types: README, \"Types not seen in training\"";

    /** LogNormMix's default training budget, seconds. */
    public static final double LOGNORMMIX_SECONDS = LogNormMixFit.DEFAULT_SECONDS;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Fits the baselines on {@code train} and scores them there and on {@code validation} (null for none), whose
     * times are in units of {@code 1 / dataUnitsPerSecond} seconds.
     *
     * @throws IllegalArgumentException if the training data has no scored event or no time between events
     */
    public static BaselineSidecar fit(Dataset train, Dataset validation, double dataUnitsPerSecond) {
        return fit(train, validation, dataUnitsPerSecond, LOGNORMMIX_SECONDS);
    }

    /**
     * As {@link #fit(Dataset, Dataset, double)}, with LogNormMix trained for at most {@code lognormmixSeconds}: a
     * model fitted within a budget gets baselines within the same budget.
     */
    public static BaselineSidecar fit(
            Dataset train, Dataset validation, double dataUnitsPerSecond, double lognormmixSeconds) {
        Baselines b = Baselines.fit(train, dataUnitsPerSecond, lognormmixSeconds);
        return new BaselineSidecar(
                b,
                b.score(train, dataUnitsPerSecond),
                validation == null ? null : b.score(validation, dataUnitsPerSecond));
    }

    /** Whether these baselines were fitted on types named as {@code types}, in that order. */
    public boolean hasTypes(TypeVocabulary types) {
        return baselines.shares().types().equals(types);
    }

    /** Where the sidecar of the model at {@code model} lives: {@code model + ".baselines.json"}. */
    public static Path path(Path model) {
        return model.resolveSibling(model.getFileName() + SUFFIX);
    }

    /** Writes the sidecar of the model at {@code model}, replacing any. */
    public void write(Path model) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("convention", CONVENTION);
        TypeShares shares = baselines.shares();
        ObjectNode train = root.putObject("training");
        train.put("scored_events", shares.total());
        train.put("sequences", baselines.trainingSequences());
        train.put("exposure_seconds", baselines.trainingExposureSeconds());
        root.put("unseen_type_probability", baselines.unseenTypeProbability());
        ArrayNode types = root.putArray("types");
        ArrayNode counts = root.putArray("type_counts");
        for (int k = 0; k < shares.types().size(); k++) {
            types.add(shares.types().name(k));
            counts.add(shares.count(k));
        }
        ObjectNode poisson = root.putObject(Baselines.POISSON);
        poisson.put("rate_per_second", baselines.poisson().ratePerSecond());
        figures(poisson, Baselines.POISSON);
        ObjectNode hawkes = root.putObject(Baselines.HAWKES);
        hawkes.put("mu_per_second", baselines.hawkes().mu());
        hawkes.put("alpha", baselines.hawkes().alpha());
        hawkes.put("beta_per_second", baselines.hawkes().beta());
        figures(hawkes, Baselines.HAWKES);
        LogNormMixFit.Result fit = baselines.lognormmix();
        if (fit != null) {
            LogNormMix m = fit.model();
            ObjectNode l = root.putObject(Baselines.LOGNORMMIX);
            l.put("hidden", m.hidden());
            l.put("components", m.components());
            l.put("embedding", m.embeddingSize());
            l.put("log_gap_mean", m.logGapMean());
            l.put("log_gap_sd", m.logGapStd());
            l.put("epochs", fit.epochs());
            l.put("best_epoch", fit.bestEpoch());
            number(l, "held_out_nll_per_event", fit.validationNll());
            ArrayNode values = l.putArray("parameters");
            for (double v : m.parameters().values()) {
                values.add(v);
            }
            figures(l, Baselines.LOGNORMMIX);
        }
        Path target = path(model);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void figures(ObjectNode node, String name) {
        node.set("training", toJson(training.get(name)));
        node.set("validation", validation == null ? null : toJson(validation.get(name)));
    }

    /** A score as JSON: {@code nll_per_event}, its two parts, {@code events}, {@code unseen_type_events}. */
    public static ObjectNode toJson(BaselineScore s) {
        ObjectNode o = JSON.createObjectNode();
        number(o, "nll_per_event", s.nllPerEvent());
        number(o, "nll_time_per_event", s.nllTimePerEvent());
        number(o, "nll_type_per_event", s.nllTypePerEvent());
        o.put("events", s.events());
        o.put("unseen_type_events", s.unseenTypeEvents());
        return o;
    }

    private static void number(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) {
            o.put(field, v);
        } else {
            o.putNull(field);
        }
    }

    /**
     * The sidecar of the model at {@code model}, or null when there is none.
     *
     * @throws IOException if it exists but cannot be read or is not a {@value #FORMAT} file (the message says
     *                     which file and what is wrong)
     */
    public static BaselineSidecar read(Path model) throws IOException {
        Path file = path(model);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (root == null || !FORMAT.equals(root.path("format").asText())) {
                throw new IllegalArgumentException("\"format\" is not \"" + FORMAT + "\"");
            }
            JsonNode typeNodes = root.path("types");
            JsonNode countNodes = root.path("type_counts");
            if (!typeNodes.isArray() || !countNodes.isArray()) {
                throw new IllegalArgumentException("\"types\" and \"type_counts\" must be arrays");
            }
            List<String> names = new ArrayList<>();
            typeNodes.forEach(n -> names.add(n.asText()));
            long[] counts = new long[countNodes.size()];
            for (int k = 0; k < counts.length; k++) {
                counts[k] = countNodes.get(k).asLong(-1);
                if (counts[k] < 0) {
                    throw new IllegalArgumentException("type_counts[" + k + "] is not a count");
                }
            }
            JsonNode p = root.path(Baselines.POISSON);
            JsonNode h = root.path(Baselines.HAWKES);
            TypeShares shares = TypeShares.of(names, counts);
            JsonNode l = root.path(Baselines.LOGNORMMIX);
            Baselines b = new Baselines(
                    shares,
                    new PoissonBaseline(required(p, "rate_per_second")),
                    new HawkesBaseline(
                            required(h, "mu_per_second"), required(h, "alpha"), required(h, "beta_per_second")),
                    l.isObject() ? lognormmix(l, shares) : null,
                    root.path("training").path("sequences").asLong(),
                    root.path("training").path("exposure_seconds").asDouble(Double.NaN));
            Map<String, BaselineScore> training = new LinkedHashMap<>();
            Map<String, BaselineScore> validation = new LinkedHashMap<>();
            for (String name : names(b)) {
                training.put(name, score(root.path(name).path("training")));
                JsonNode v = root.path(name).path("validation");
                if (v.isObject()) {
                    validation.put(name, score(v));
                }
            }
            return new BaselineSidecar(b, training, validation.isEmpty() ? null : validation);
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + " is not a baselines file this build can read: " + e.getMessage(), e);
        }
    }

    /** The baselines' names in figure order: LogNormMix only when there is one. */
    private static List<String> names(Baselines b) {
        return b.lognormmix() == null
                ? List.of(Baselines.POISSON, Baselines.HAWKES)
                : List.of(Baselines.POISSON, Baselines.HAWKES, Baselines.LOGNORMMIX);
    }

    /** The LogNormMix fit kept in {@code node}; its parameters must match its sizes. */
    private static LogNormMixFit.Result lognormmix(JsonNode node, TypeShares shares) {
        LogNormMix m = new LogNormMix(
                shares.types(),
                (int) required(node, "hidden"),
                (int) required(node, "components"),
                (int) required(node, "embedding"),
                required(node, "log_gap_mean"),
                required(node, "log_gap_sd"));
        JsonNode values = node.path("parameters");
        if (!values.isArray() || values.size() != m.parameters().size()) {
            throw new IllegalArgumentException("lognormmix \"parameters\" must be an array of "
                    + m.parameters().size() + " numbers for its sizes");
        }
        double[] theta = new double[values.size()];
        for (int i = 0; i < theta.length; i++) {
            if (!values.get(i).isNumber()) {
                throw new IllegalArgumentException("lognormmix parameters[" + i + "] is not a number");
            }
            theta[i] = values.get(i).doubleValue();
        }
        m.parameters().setAll(theta);
        return new LogNormMixFit.Result(
                m,
                node.path("epochs").asInt(),
                node.path("best_epoch").asInt(),
                node.path("held_out_nll_per_event").asDouble(Double.NaN));
    }

    private static double required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException("\"" + field + "\" is missing or not a number");
        }
        return v.doubleValue();
    }

    private static BaselineScore score(JsonNode n) {
        return new BaselineScore(
                n.path("nll_per_event").asDouble(Double.NaN),
                n.path("nll_time_per_event").asDouble(Double.NaN),
                n.path("nll_type_per_event").asDouble(Double.NaN),
                n.path("events").asLong(),
                n.path("unseen_type_events").asLong());
    }

    /** One line per baseline for {@code fit}'s output: its figures and parameters. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        LogNormMixFit.Result fit = baselines.lognormmix();
        String[] parameters = {
            String.format(Locale.ROOT, "rate %.6g/s", baselines.poissonRatePerSecond()),
            String.format(
                    Locale.ROOT,
                    "mu %.6g/s, alpha %.4g, beta %.6g/s",
                    baselines.hawkesMu(),
                    baselines.hawkesAlpha(),
                    baselines.hawkesBeta()),
            fit == null
                    ? ""
                    : String.format(
                            Locale.ROOT,
                            "GRU %d, %d log-normals, best epoch %d of %d",
                            fit.model().hidden(),
                            fit.model().components(),
                            fit.bestEpoch(),
                            fit.epochs())
        };
        int i = 0;
        for (String name : names(baselines)) {
            BaselineScore t = training.get(name);
            BaselineScore v = validation == null ? null : validation.get(name);
            out.add(String.format(
                    Locale.ROOT,
                    "baseline %s: train NLL %s (time %s, type %s)%s nats/event; %s",
                    name,
                    figure(t.nllPerEvent()),
                    figure(t.nllTimePerEvent()),
                    figure(t.nllTypePerEvent()),
                    v == null
                            ? ""
                            : String.format(
                                    Locale.ROOT,
                                    ", --validation %s (time %s, type %s)",
                                    figure(v.nllPerEvent()),
                                    figure(v.nllTimePerEvent()),
                                    figure(v.nllTypePerEvent())),
                    parameters[i++]));
        }
        return out;
    }

    /** A figure as fit prints the model's, or "-" where there was no scored event. */
    private static String figure(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.5f", v) : "-";
    }
}
