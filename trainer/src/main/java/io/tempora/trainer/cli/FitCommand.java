package io.tempora.trainer.cli;

import io.tempora.data.CsvFormatException;
import io.tempora.data.Dataset;
import io.tempora.model.EventModel;
import io.tempora.model.ModelCodec;
import io.tempora.model.train.Trainer;
import io.tempora.model.train.TrainingConfig;
import io.tempora.model.train.TrainingResult;
import io.tempora.trainer.CapacitySearch;
import io.tempora.trainer.CsvInputs;
import io.tempora.trainer.Evaluator;
import io.tempora.trainer.FitDefaults;
import io.tempora.trainer.baseline.BaselineSidecar;
import io.tempora.trainer.report.FitRun;
import io.tempora.trainer.report.TrainingReportWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tempora fit}: trains a model from CSV files with the defaults {@link FitDefaults#plan} chooses from the data
 * and writes it ({@link ModelCodec}); progress by {@link ProgressPrinter}. A file with any malformed row is refused
 * with every problem listed (exit status 2).
 */
@Command(
        name = "fit",
        mixinStandardHelpOptions = true,
        description = {
            "Trains an event model from a CSV file (header entity_id,timestamp,type[,feature...]; timestamps in "
                    + "epoch milliseconds or ISO-8601) and writes it to --out.",
            "",
            "Early stopping scores the --validation file (each sequence's first event conditioned on), else the "
                    + "last 10%% of every training sequence, or 10%% of the sequences held out whole when they are "
                    + "short. The batch size, the epochs and the patience are chosen from the data. NLLs are nats per "
                    + "event with time in seconds (README, \"Likelihood convention\"). A file with any malformed row "
                    + "is refused, every problem listed, exit status 2.",
            "",
            "Also fits three baselines on the training file, prints their figures after the model's and keeps "
                    + "them in MODEL.baselines.json, which evaluate reports beside the model's: homogeneous Poisson "
                    + "and exponential Hawkes processes (maximum likelihood) and LogNormMix (a recurrent neural point "
                    + "process with a log-normal mixture for the next gap, early-stopped within 60 s)."
        })
final class FitCommand implements Callable<Integer> {

    /** The exit status when the model is written but its report is not (e.g. --report names a missing folder). */
    static final int EXIT_NO_REPORT = 3;

    /** Above this many event types fit says how the model handles them (the factored form, {@code TypeForm}). */
    static final int MANY_TYPES = 100;

    /** The log of data units (milliseconds) per second: subtracted from a per-event NLL in data units. */
    private static final double LOG_MILLIS_PER_SECOND = Math.log(Evaluator.MILLIS_PER_SECOND);

    @Option(names = "--train", required = true, paramLabel = "FILE", description = "Training events (CSV).")
    private Path train;

    @Option(
            names = "--validation",
            paramLabel = "FILE",
            description = "Held-out events (CSV), scored after every epoch under the evaluate convention.")
    private Path validation;

    @Option(names = "--out", required = true, paramLabel = "MODEL", description = "Where to write the model.")
    private Path out;

    @Option(
            names = "--seconds",
            paramLabel = "S",
            description = "Wall-clock budget for the whole fit, validation included (default: none).")
    private Double seconds;

    @Option(
            names = "--epochs",
            paramLabel = "N",
            description = "Most passes over the training data (default: chosen from the data, enough for about "
                    + "1500 optimiser steps, at least 30).")
    private Integer epochs;

    @Option(
            names = "--dim",
            paramLabel = "D",
            description = "Latent dimension (default: " + FitDefaults.LATENT_DIM + "; on training data under "
                    + CapacitySearch.SMALL_DATA_EVENTS + " events, without --dim and --hidden, the size and weight "
                    + "decay are chosen by validation).")
    private Integer dim;

    @Option(
            names = "--hidden",
            paramLabel = "H",
            description = "Hidden width of the dynamics (default: " + FitDefaults.HIDDEN_DIM + ", or chosen as "
                    + "--dim says).")
    private Integer hidden;

    @Option(
            names = "--seed",
            paramLabel = "N",
            description = "Seed of the initialisation and the training (default: ${DEFAULT-VALUE}).")
    private long seed = 1;

    @Option(
            names = "--report",
            paramLabel = "FILE",
            description = "Where to write the training report, one self-contained HTML page (default: MODEL"
                    + TrainingReportWriter.SUFFIX + ").")
    private Path report;

    @Option(names = "--no-report", description = "Write no training report.")
    private boolean noReport;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    FitCommand() {}

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (report != null && noReport) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--report and --no-report exclude each other");
        }
        if ((epochs != null && epochs < 1)
                || (dim != null && dim < 1)
                || (hidden != null && hidden < 1)
                || (seconds != null && !(seconds > 0))) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--epochs, --dim and --hidden must be >= 1 and --seconds > 0");
        }
        Dataset trainData;
        Dataset validationData = null;
        try {
            trainData = CsvInputs.readTraining(train);
        } catch (CsvFormatException e) {
            return InputProblems.report(err, train, e);
        }
        if (validation != null) {
            try {
                validationData = CsvInputs.readForModel(validation, trainData.types());
            } catch (CsvFormatException e) {
                return InputProblems.report(err, validation, e);
            }
        }
        int latentDim = dim != null ? dim : FitDefaults.LATENT_DIM;
        int hiddenDim = hidden != null ? hidden : FitDefaults.HIDDEN_DIM;
        boolean search = dim == null && hidden == null && CapacitySearch.applies(trainData);
        EventModel model;
        try {
            model = EventModel.forDataset(trainData, latentDim, hiddenDim, seed);
        } catch (IllegalArgumentException e) {
            err.println("cannot fit " + train + ": " + e.getMessage());
            return InputProblems.EXIT_BAD_INPUT;
        }
        FitDefaults.Plan plan = FitDefaults.plan(trainData, validationData, epochs, seed);
        TrainingConfig config = plan.config();
        if (seconds != null) {
            config = config.withTimeBudget(seconds);
        }
        stdout.printf(
                Locale.ROOT,
                "fit %s: %d events, %d sequences, %d types; model %s, time unit %.6g s%n",
                train,
                trainData.numEvents(),
                trainData.sequences().size(),
                trainData.numTypes(),
                search
                        ? "size and weight decay chosen by validation among " + CapacitySearch.GRID.size()
                                + " candidates (small data)"
                        : "D=" + latentDim + " H=" + hiddenDim,
                model.timeUnit() / Evaluator.MILLIS_PER_SECOND);
        for (String choice : plan.choices()) {
            stdout.println("  " + choice);
        }
        if (trainData.numTypes() > MANY_TYPES) {
            stdout.printf(
                    Locale.ROOT,
                    "  note: %d event types: factored form, the total intensity in the ODE and each event's type from"
                            + " a two-level softmax, so a solver evaluation costs what it costs for a few types"
                            + " (README, \"Many event types\")%n",
                    trainData.numTypes());
        }
        stdout.flush();
        TrainingResult result;
        double fitSeconds;
        if (search) {
            CapacitySearch.Outcome outcome = CapacitySearch.search(
                    trainData,
                    plan,
                    CapacitySearch.GRID,
                    seconds != null ? seconds : Double.POSITIVE_INFINITY,
                    seed,
                    new SearchPrinter(stdout, plan.config().epochs(), LOG_MILLIS_PER_SECOND));
            model = outcome.best().model();
            result = outcome.best().result();
            SearchPrinter.printKept(stdout, outcome);
            fitSeconds = outcome.trials().stream()
                    .mapToDouble(t -> t.result().seconds())
                    .sum();
        } else {
            ProgressPrinter progress = new ProgressPrinter(
                    stdout, ProgressPrinter.onTerminal(), config.epochs(), seconds, LOG_MILLIS_PER_SECOND);
            Trainer trainer = new Trainer(config);
            try {
                result = plan.validation() == null
                        ? trainer.train(model, plan.train(), progress)
                        : trainer.train(model, plan.train(), plan.validation(), progress);
            } finally {
                progress.finish();
            }
            fitSeconds = result.seconds();
        }
        byte[] bytes = ModelCodec.encode(model.withVersion("fit-" + seed));
        Files.write(out, bytes);
        stdout.printf(
                Locale.ROOT,
                "wrote %s (%d bytes): best epoch %d, validation NLL %.5f nats/event, %.1f s%n",
                out,
                bytes.length,
                result.bestEpoch(),
                result.bestValidationNll() - LOG_MILLIS_PER_SECOND,
                fitSeconds);
        writeBaselines(trainData, validationData, stdout);
        if (!noReport) {
            Path page = report != null ? report : TrainingReportWriter.defaultPathFor(out);
            FitRun run = new FitRun(train, validation, out, trainData, validationData, model, result);
            try {
                TrainingReportWriter.write(page, run).notes().forEach(note -> stdout.println("report: " + note));
            } catch (IOException e) {
                err.println("the model is written, but the report cannot be: " + e);
                return EXIT_NO_REPORT;
            }
            stdout.println("wrote report " + page);
        }
        stdout.flush();
        return 0;
    }

    /**
     * Fits the baselines on the training file, prints their figures beside the model's and keeps them next to it
     * ({@link BaselineSidecar}); data they cannot be fitted on leaves no sidecar (nor an older one).
     */
    private void writeBaselines(Dataset trainData, Dataset validationData, PrintWriter stdout) throws IOException {
        BaselineSidecar baselines;
        try {
            double lognormmixSeconds = seconds != null
                    ? Math.min(seconds, BaselineSidecar.LOGNORMMIX_SECONDS)
                    : BaselineSidecar.LOGNORMMIX_SECONDS;
            baselines = BaselineSidecar.fit(trainData, validationData, Evaluator.MILLIS_PER_SECOND, lognormmixSeconds);
        } catch (IllegalArgumentException e) {
            Files.deleteIfExists(BaselineSidecar.path(out));
            stdout.println("baselines not fitted: " + e.getMessage());
            return;
        }
        baselines.lines().forEach(stdout::println);
        baselines.write(out);
        stdout.println("wrote " + BaselineSidecar.path(out));
    }
}
