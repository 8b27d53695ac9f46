package io.tempora.trainer.report;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.model.EventModel;
import io.tempora.model.ScoringException;
import io.tempora.model.train.TrainingResult;
import io.tempora.trainer.Evaluator;
import io.tempora.trainer.sim.SimulationSidecar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Draws a {@code fit} run's report ({@link TrainingReport}) and writes it as a page ({@link ReportPage}): the
 * history's NLL and evaluations per epoch, and the intensity along the {@value #SEQUENCES_SHOWN} longest sequences
 * of the validation file (of the training file without one), each over its first {@value #MAX_EVENTS_SHOWN} events,
 * with the true intensity when the file (or, failing that, the training file) has a simulation sidecar.
 */
public final class TrainingReportWriter {

    /** Appended to the model's file name for the default report path. */
    public static final String SUFFIX = ".report.html";

    /** Sequences whose intensity is plotted. */
    static final int SEQUENCES_SHOWN = 3;

    /** Events of each plotted sequence: bounds the page's size (each gap adds {@link #POINTS_PER_GAP} points). */
    static final int MAX_EVENTS_SHOWN = 60;

    /** Points per gap between events: enough for a curve that decays over a fraction of the gap to look smooth. */
    static final int POINTS_PER_GAP = 16;

    /** Above this many types only the total intensity is plotted: more curves than this cannot be told apart. */
    static final int MAX_TYPES_PLOTTED = 6;

    private TrainingReportWriter() {}

    /** The default report path for a model file: beside it, its name plus {@link #SUFFIX}. */
    public static Path defaultPathFor(Path model) {
        return model.resolveSibling(model.getFileName() + SUFFIX);
    }

    /** Draws the report of {@code run} and writes it to {@code page}; returns the report (its notes say what is missing). */
    public static TrainingReport write(Path page, FitRun run) throws IOException {
        TrainingReport report = build(run);
        Files.writeString(page, ReportPage.render(report));
        return report;
    }

    /** Draws the report of {@code run}. */
    public static TrainingReport build(FitRun run) {
        double unitsPerSecond = Evaluator.MILLIS_PER_SECOND;
        List<String> notes = new ArrayList<>();
        boolean fromValidation = run.validation() != null;
        Path shownFile = fromValidation ? run.validationFile() : run.trainFile();
        Dataset shown = fromValidation ? run.validation() : run.train();
        EventModel model = run.model();
        List<String> typeNames = model.types().names();
        boolean byType = typeNames.size() > 1 && typeNames.size() <= MAX_TYPES_PLOTTED; // one type: its total

        Optional<Found> found = sidecar(shownFile, run.trainFile(), notes);
        Optional<SimulationSidecar> sidecar = found.map(Found::sidecar);
        int[] processTypes = null;
        if (sidecar.isPresent()) {
            try {
                processTypes = TrueIntensity.processTypes(
                        model.types(), sidecar.get().benchmark().process().numTypes());
            } catch (IllegalArgumentException e) {
                notes.add("The true intensity is not drawn: the data does not match the simulated process "
                        + sidecar.get().process() + ": " + e.getMessage() + ".");
            }
        }

        TrainingResult result = run.result();
        List<Figure> figures = new ArrayList<>();
        figures.add(HistoryFigures.nll(result.history(), unitsPerSecond));
        figures.add(HistoryFigures.evaluations(result.history()));
        List<EventSequence> longest = longest(shown);
        if (longest.isEmpty()) {
            notes.add("No intensity is drawn: no sequence of " + shownFile + " has two events.");
        }
        String source = found.map(f -> f.sidecar().process() + " (" + f.file().getFileName() + ")")
                .orElse("");
        for (int i = 0; i < longest.size(); i++) {
            EventSequence s = longest.get(i);
            IntensityGrid grid = IntensityGrid.along(s, MAX_EVENTS_SHOWN, POINTS_PER_GAP);
            IntensitySeries fitted;
            try {
                fitted = FittedIntensity.along(model, s, grid, unitsPerSecond, byType);
            } catch (ScoringException e) {
                notes.add("The intensity along " + s.entityId() + " is not drawn: " + e.getMessage());
                continue;
            }
            IntensitySeries truth = null;
            if (processTypes != null) {
                try {
                    truth = TrueIntensity.along(sidecar.get(), s, grid, processTypes, byType);
                } catch (IllegalArgumentException e) { // e.g. events before the process's origin
                    notes.add("The true intensity along " + s.entityId() + " is not drawn: " + e.getMessage());
                }
            }
            figures.add(IntensityFigure.of(i, s, grid, unitsPerSecond, fitted, truth, typeNames, source));
        }
        if (typeNames.size() > MAX_TYPES_PLOTTED) {
            notes.add("The model has " + typeNames.size() + " types: the intensity plots show the total only (each "
                    + "type's is drawn for at most " + MAX_TYPES_PLOTTED + ").");
        }
        return new TrainingReport(
                "Training report: " + run.modelFile().getFileName(),
                summary(run, shownFile, longest.size(), found),
                notes,
                figures);
    }

    /** A sidecar and its file. */
    private record Found(Path file, SimulationSidecar sidecar) {}

    /** The sidecar of the shown file, else of the training file; a broken one is a note, not a failed fit. */
    private static Optional<Found> sidecar(Path shownFile, Path trainFile, List<String> notes) {
        try {
            Optional<Found> own =
                    SimulationSidecar.readFor(shownFile).map(s -> new Found(SimulationSidecar.pathFor(shownFile), s));
            if (own.isPresent() || shownFile.equals(trainFile)) {
                return own;
            }
            return SimulationSidecar.readFor(trainFile).map(s -> new Found(SimulationSidecar.pathFor(trainFile), s));
        } catch (IOException | IllegalArgumentException e) {
            notes.add("The true intensity is not drawn: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The {@link #SEQUENCES_SHOWN} longest sequences with at least two events, longest first (ties: file order). */
    private static List<EventSequence> longest(Dataset data) {
        List<EventSequence> all = data.sequences();
        return IntStream.range(0, all.size())
                .filter(i -> all.get(i).size() >= 2)
                .boxed()
                .sorted(Comparator.comparingInt((Integer i) -> -all.get(i).size())
                        .thenComparingInt(i -> i))
                .limit(SEQUENCES_SHOWN)
                .map(all::get)
                .toList();
    }

    private static List<TrainingReport.Row> summary(
            FitRun run, Path shownFile, int shownCount, Optional<Found> sidecar) {
        EventModel m = run.model();
        TrainingResult r = run.result();
        List<TrainingReport.Row> rows = new ArrayList<>();
        rows.add(new TrainingReport.Row("Model", run.modelFile().toString()));
        rows.add(new TrainingReport.Row("Training data", describe(run.trainFile(), run.train())));
        rows.add(new TrainingReport.Row(
                "Validation data",
                run.validation() == null ? "none" : describe(run.validationFile(), run.validation())));
        rows.add(new TrainingReport.Row("Types", m.types().summary()));
        rows.add(new TrainingReport.Row(
                "Model shape",
                String.format(
                        Locale.ROOT,
                        "latent dimension %d, hidden width %d, time unit %.6g s",
                        m.architecture().latentDim(),
                        m.architecture().hiddenDim(),
                        m.timeUnit() / Evaluator.MILLIS_PER_SECOND)));
        int epochs = r.history().isEmpty()
                ? 0
                : r.history().get(r.history().size() - 1).epoch();
        rows.add(new TrainingReport.Row(
                "Training",
                String.format(
                        Locale.ROOT,
                        "%d %s in %.1f s, %d events per epoch; kept epoch %d, held-out NLL %.5f nats/event",
                        epochs,
                        epochs == 1 ? "epoch" : "epochs",
                        r.seconds(),
                        r.trainEvents(),
                        r.bestEpoch(),
                        r.bestValidationNll() - Math.log(Evaluator.MILLIS_PER_SECOND))));
        rows.add(new TrainingReport.Row(
                "True process",
                sidecar.map(f -> f.sidecar().process() + ": "
                                + f.sidecar().benchmark().description() + " (seed "
                                + f.sidecar().seed() + ", " + f.file() + ")")
                        .orElse("unknown (no " + SimulationSidecar.SUFFIX + " sidecar from ./tempora simulate)")));
        rows.add(new TrainingReport.Row(
                "Intensity plots",
                "the " + shownCount + " longest sequences of " + shownFile + ", the first " + MAX_EVENTS_SHOWN
                        + " events of each at most"));
        rows.add(new TrainingReport.Row(
                "Written", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
        return rows;
    }

    private static String describe(Path file, Dataset data) {
        return String.format(
                Locale.ROOT,
                "%s: %d events, %d sequences",
                file,
                data.numEvents(),
                data.sequences().size());
    }
}
