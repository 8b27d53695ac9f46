package io.tempora.trainer.cli;

import io.tempora.data.CsvFormatException;
import io.tempora.data.Dataset;
import io.tempora.model.EventModel;
import io.tempora.model.ModelCodec;
import io.tempora.model.ModelFormatException;
import io.tempora.trainer.CsvInputs;
import io.tempora.trainer.Evaluation;
import io.tempora.trainer.Evaluator;
import io.tempora.trainer.UnseenTypesException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tempora evaluate}: a model's figures on a CSV file, as one JSON object on the last line. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = {
            "Scores a CSV file with a model and prints, as its last line, one JSON object: nll_per_event, "
                    + "nll_time_per_event, nll_type_per_event, events, sequences, ece (calibration of the "
                    + "probability of the next event within the training data's median gap), type_accuracy (null "
                    + "for one type).",
            "",
            "Convention (README, \"Likelihood convention\"): nats per event, time in seconds, each sequence's "
                    + "first event conditioned on and not scored, the integral from its first to its last event. "
                    + "Malformed rows, or types the model was not trained on, refuse the file (exit status 2)."
        })
final class EvaluateCommand implements Callable<Integer> {

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
        try {
            m = ModelCodec.decode(Files.readAllBytes(model));
        } catch (ModelFormatException e) {
            err.println(model + " is not a model this build can read: " + e.getMessage());
            return InputProblems.EXIT_BAD_INPUT;
        }
        Dataset events;
        try {
            events = CsvInputs.readForModel(data, m.types());
        } catch (CsvFormatException e) {
            return InputProblems.report(err, data, e);
        } catch (UnseenTypesException e) {
            err.println(e.getMessage());
            return InputProblems.EXIT_BAD_INPUT;
        }
        if (!events.featureNames().equals(m.features().names())) {
            err.println(data + " has the features " + events.featureNames() + " but the model "
                    + m.features().names());
            return InputProblems.EXIT_BAD_INPUT;
        }
        Evaluation result = Evaluator.evaluate(m, events, Evaluator.MILLIS_PER_SECOND);
        stdout.println(result.toJson());
        stdout.flush();
        return 0;
    }
}
