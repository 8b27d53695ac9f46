package io.tempora.trainer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tempora.data.CsvFormatException;
import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.model.EventModel;
import io.tempora.model.ModelCodec;
import io.tempora.model.ModelFormatException;
import io.tempora.trainer.CsvInputs;
import io.tempora.trainer.Evaluation;
import io.tempora.trainer.Evaluator;
import io.tempora.trainer.UnseenTypes;
import io.tempora.trainer.baseline.BaselineScore;
import io.tempora.trainer.baseline.BaselineSidecar;
import io.tempora.trainer.sim.TrueLikelihood;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tempora evaluate}: a model's figures on a CSV file, and its baselines' when {@code fit} kept them
 * ({@link BaselineSidecar}) and the simulated process's when the file came from {@code simulate}
 * ({@link TrueLikelihood}), as one JSON object on the last line.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = {
            "Scores a CSV file with a model and prints, as its last line, one JSON object: nll_per_event, "
                    + "nll_time_per_event, nll_type_per_event, events, sequences, ece (calibration of the "
                    + "probability of the next event within the training data's median gap), type_accuracy (null "
                    + "for one type), unseen_type_events, unseen_type_probability, and baselines (the Poisson, "
                    + "Hawkes and LogNormMix baselines' nll_per_event, nll_time_per_event, nll_type_per_event from "
                    + "MODEL.baselines.json; null when that file is absent), and true_process (when FILE came from "
                    + "simulate: the simulated process's nll_per_event, nll_time_per_event, nll_type_per_event on "
                    + "the same events, from FILE.process.json; null when that file is absent or does not match).",
            "",
            "Convention (README, \"Likelihood convention\"): nats per event, time in seconds, each sequence's "
                    + "first event conditioned on and not scored, the integral from its first to its last event. "
                    + "Types not seen in training are scored as 'other' (README, \"Types not seen in training\"). "
                    + "Malformed rows refuse the file (exit status 2)."
        })
final class EvaluateCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "A model written by fit.")
    private Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Events to score (CSV).")
    private Path data;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    EvaluateCommand() {}

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EventModel m;
        BaselineSidecar baselines;
        try {
            m = ModelCodec.decode(Files.readAllBytes(model));
            baselines = BaselineSidecar.read(model);
        } catch (ModelFormatException e) {
            err.println(model + " is not a model this build can read: " + e.getMessage());
            return InputProblems.EXIT_BAD_INPUT;
        } catch (IOException e) {
            err.println(e.getMessage());
            return InputProblems.EXIT_BAD_INPUT;
        }
        if (baselines != null && !baselines.hasTypes(m.types())) {
            err.println(BaselineSidecar.path(model) + " was fitted on other types than " + model
                    + " (a file of an earlier model?); not used, baselines reported as null");
            baselines = null;
        }
        Dataset events;
        try {
            events = CsvInputs.readForModel(data, m.types());
        } catch (CsvFormatException e) {
            return InputProblems.report(err, data, e);
        }
        if (!events.featureNames().equals(m.features().names())) {
            err.println(data + " has the features " + events.featureNames() + " but the model "
                    + m.features().names());
            return InputProblems.EXIT_BAD_INPUT;
        }
        int trained = m.architecture().numTypes();
        double unseenProbability = baselines != null
                ? baselines.baselines().unseenTypeProbability()
                : UnseenTypes.probabilityWithoutCounts(trained);
        long unseenRows = unseenRows(events, trained);
        if (unseenRows > 0) {
            err.println(UnseenTypes.describe(
                    data.toString(), unseenRows, UnseenTypes.names(events.types(), trained), unseenProbability));
            err.flush();
        }
        Evaluation result = Evaluator.evaluate(m, events, Evaluator.MILLIS_PER_SECOND, unseenProbability);
        ObjectNode json = (ObjectNode) JSON.readTree(result.toJson());
        if (baselines == null) {
            json.putNull("baselines");
        } else {
            ObjectNode b = json.putObject("baselines");
            for (Map.Entry<String, BaselineScore> e : baselines
                    .baselines()
                    .score(events, Evaluator.MILLIS_PER_SECOND)
                    .entrySet()) {
                b.set(e.getKey(), BaselineSidecar.toJson(e.getValue()));
            }
        }
        json.set(
                "true_process",
                TrueLikelihood.forFile(data, events, err::println)
                        .map(t -> (JsonNode) t.toJson())
                        .orElse(NullNode.getInstance()));
        stdout.println(JSON.writeValueAsString(json));
        stdout.flush();
        return 0;
    }

    private static long unseenRows(Dataset events, int trainedTypes) {
        long n = 0;
        for (EventSequence s : events.sequences()) {
            for (int i = 0; i < s.size(); i++) {
                n += s.type(i) >= trainedTypes ? 1 : 0;
            }
        }
        return n;
    }
}
