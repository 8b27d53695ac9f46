package io.tempora.trainer.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import io.tempora.model.EventModel;
import io.tempora.model.train.EpochReport;
import io.tempora.model.train.TrainingResult;
import io.tempora.pp.BenchmarkProcesses;
import io.tempora.trainer.sim.SimulatedCsvFile;
import io.tempora.trainer.sim.SimulationSidecar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report drawn from a hand-made run: its figures, its notes and the escaping of every name it shows. */
class TrainingReportWriterTest {

    private static final String HOSTILE_TYPE = "<script>alert('x')</script>";

    private static FitRun run(Path dir, String trainName, List<EventSequence> sequences, TypeVocabulary types) {
        Dataset train = Dataset.of(types, sequences);
        EventModel model = EventModel.forDataset(train, 3, 4, 1);
        List<EpochReport> history = List.of(
                new EpochReport(0, Double.NaN, 9.5, 100, false, 0, 0, 1e-2, 0.1, 0, false, false),
                new EpochReport(1, 9.8, 9.2, 100, false, 30, 35, 1e-2, 0.5, 2000, false, true),
                new EpochReport(2, 9.1, 9.0, 100, false, 32, 36, 5e-3, 0.5, 2000, false, true));
        TrainingResult result = new TrainingResult(model, 2, 9.0, history, train.numEvents(), 1.1);
        return new FitRun(dir.resolve(trainName), null, dir.resolve("m<1>.bin"), train, null, model, result);
    }

    private static EventSequence sequence(String id, int events) {
        double[] times = new double[events];
        int[] types = new int[events];
        for (int i = 0; i < events; i++) {
            times[i] = 1_000.0 * i * i;
            types[i] = i % 2;
        }
        return EventSequence.of(id, times, types);
    }

    @Test
    void thePageIsSelfContainedHasEveryFigureAndEscapesTypeAndFileNames(@TempDir Path dir) throws Exception {
        TypeVocabulary types = new TypeVocabulary(List.of(HOSTILE_TYPE, "b&c"));
        List<EventSequence> sequences = List.of(
                sequence("short", 3), sequence("long", 9), sequence("lone", 1), sequence("mid", 5), sequence("x", 4));
        Path page = dir.resolve("report.html");

        TrainingReport report = TrainingReportWriter.write(page, run(dir, "train\"<b>.csv", sequences, types));

        String html = Files.readString(page);
        JsonNode data = ReportHtml.assertSelfContained(html);
        // The three longest sequences with two events or more, longest first.
        assertThat(ReportHtml.figureIds(data))
                .containsExactly("nll", "evaluations", "intensity-0", "intensity-1", "intensity-2");
        assertThat(html).contains("Intensity along long (", "Intensity along mid (", "Intensity along x (");
        assertThat(ReportHtml.seriesLabels(data, "intensity-0"))
                .containsExactly(
                        "fitted, total",
                        "fitted, " + HOSTILE_TYPE,
                        "fitted, b&c",
                        "events: " + HOSTILE_TYPE,
                        "events: b&c");
        assertThat(ReportHtml.seriesLabels(data, "nll")).containsExactly("train", "held out");
        // Names reach the page only escaped: as HTML text, or inside the JSON as \\u escapes.
        assertThat(html)
                .doesNotContain(HOSTILE_TYPE, "<b>", "m<1>")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", "b&amp;c")
                .contains("train&quot;&lt;b&gt;.csv", "Training report: m&lt;1&gt;.bin")
                .contains("fitted, \\u003cscript\\u003ealert('x')\\u003c/script\\u003e", "fitted, b\\u0026c");
        // No sidecar: no true intensity, and the summary says so.
        assertThat(html).contains("unknown (no .process.json sidecar");
        assertThat(report.notes()).isEmpty();
    }

    @Test
    void theTrainingHistoryIsPlottedPerSecondAndTheUntrainedEpochHasNoTrainNll(@TempDir Path dir) throws Exception {
        TrainingReport report =
                TrainingReportWriter.build(run(dir, "t.csv", List.of(sequence("a", 4)), TypeVocabulary.of("p", "q")));

        Figure nll = report.figures().get(0);
        double logMillisPerSecond = Math.log(1000);
        assertThat(nll.x()).containsExactly(0, 1, 2);
        assertThat(nll.series().get(0).values()[0]).isNaN();
        assertThat(nll.series().get(0).values()[2]).isEqualTo(9.1 - logMillisPerSecond);
        assertThat(nll.series().get(1).values()[0]).isEqualTo(9.5 - logMillisPerSecond);
        Figure evaluations = report.figures().get(1);
        assertThat(evaluations.x()).containsExactly(1, 2);
        assertThat(evaluations.series().get(0).values()).containsExactly(65, 68);
    }

    @Test
    void aBrokenSidecarIsANoteAndTheReportIsStillWritten(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("t.csv.process.json"), "not json");
        Path page = dir.resolve("r.html");

        TrainingReport report = TrainingReportWriter.write(
                page, run(dir, "t.csv", List.of(sequence("a", 4)), TypeVocabulary.of("0", "1")));

        assertThat(report.notes())
                .singleElement()
                .asString()
                .startsWith("The true intensity is not drawn: ")
                .contains("t.csv.process.json is not JSON");
        assertThat(Files.readString(page)).contains("<p class=\"note\">The true intensity is not drawn: ");
    }

    @Test
    void validationSequencesWithoutTheirOwnSidecarUseTheTrainingFiles(@TempDir Path dir) throws Exception {
        FitRun trainOnly = run(dir, "t.csv", List.of(sequence("a", 4)), TypeVocabulary.of("0", "1"));
        new SimulationSidecar("hawkes3type", 5, 1, 4, SimulatedCsvFile.ORIGIN, 1).writeFor(trainOnly.trainFile());
        EventSequence v = sequence("v", 5);
        double origin = SimulatedCsvFile.ORIGIN.toEpochMilli();
        EventSequence simulated = EventSequence.of(
                "v", Arrays.stream(v.times()).map(t -> origin + t).toArray(), v.types());
        Dataset validation = Dataset.of(TypeVocabulary.of("0", "1"), List.of(simulated));
        FitRun run = new FitRun(
                trainOnly.trainFile(),
                dir.resolve("v.csv"),
                trainOnly.modelFile(),
                trainOnly.train(),
                validation,
                trainOnly.model(),
                trainOnly.result());

        TrainingReport report = TrainingReportWriter.build(run);

        assertThat(report.notes()).isEmpty();
        assertThat(report.figures().get(2).title()).isEqualTo("Intensity along v (its 5 events)");
        assertThat(report.figures().get(2).series())
                .extracting(Figure.Series::label)
                .contains("true, total", "true, 0", "true, 1");
        assertThat(report.figures().get(2).caption()).contains("hawkes3type (t.csv.process.json)");
        assertThat(report.summary())
                .contains(new TrainingReport.Row(
                        "True process",
                        "hawkes3type: " + BenchmarkProcesses.hawkes3Type().description() + " (seed 5, "
                                + dir.resolve("t.csv.process.json") + ")"));

        // Events before the sidecar's origin were not simulated as it says: a note, the fitted intensity still drawn.
        Dataset unrelated = Dataset.of(TypeVocabulary.of("0", "1"), List.of(v));
        TrainingReport mismatched = TrainingReportWriter.build(new FitRun(
                run.trainFile(),
                run.validationFile(),
                run.modelFile(),
                run.train(),
                unrelated,
                run.model(),
                run.result()));
        assertThat(mismatched.notes())
                .containsExactly("The true intensity along v is not drawn: its first event is at 0.0 ms, before the "
                        + "simulation's origin 2026-01-01T00:00:00Z: these events were not simulated as the sidecar "
                        + "says");
        assertThat(mismatched.figures().get(2).series())
                .extracting(Figure.Series::label)
                .doesNotContain("true, total")
                .contains("fitted, total");
    }

    @Test
    void manyTypesPlotTheTotalOnlyAndSaySo(@TempDir Path dir) {
        List<String> names = List.of("a", "b", "c", "d", "e", "f", "g");
        TrainingReport report =
                TrainingReportWriter.build(run(dir, "t.csv", List.of(sequence("s", 6)), new TypeVocabulary(names)));

        Figure intensity = report.figures().get(2);
        assertThat(intensity.series()).extracting(Figure.Series::label).containsExactly("fitted, total", "events");
        assertThat(report.notes()).singleElement().asString().contains("7 types", "total only");
    }
}
