package io.tempora.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tempora.trainer.report.ReportHtml;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code simulate} then {@code fit} on its file: the report beside the model, with the true intensity drawn. */
class SimulateFitReportTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = TemporaMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static String[] fit(Path train, Path model, String... more) {
        String[] base = {
            "fit",
            "--train",
            train.toString(),
            "--out",
            model.toString(),
            "--epochs",
            "1",
            "--dim",
            "2",
            "--hidden",
            "3"
        };
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void fitReadsASimulatedPoissonFileAndItsReportDrawsTheTrueRate(@TempDir Path dir) throws Exception {
        Path train = dir.resolve("poisson.csv");
        Path model = dir.resolve("poisson.model");

        assertThat(run(
                        "simulate",
                        "--process",
                        "stationary_poisson",
                        "--entities",
                        "4",
                        "--events",
                        "30",
                        "--seed",
                        "3",
                        "--out",
                        train.toString()))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("wrote " + train + ": 4 histories of 30 events from stationary_poisson");
        assertThat(dir.resolve("poisson.csv.process.json")).exists();

        assertThat(run(fit(train, model))).as(err.toString()).isZero();

        Path page = dir.resolve("poisson.model.report.html");
        assertThat(out.toString())
                .contains("fit " + train + ": 120 events, 4 sequences, 1 types")
                .contains("wrote report " + page)
                .doesNotContain("report: "); // no notes: everything drawn
        String html = Files.readString(page);
        JsonNode data = ReportHtml.assertSelfContained(html);
        assertThat(ReportHtml.figureIds(data))
                .containsExactly("nll", "evaluations", "intensity-0", "intensity-1", "intensity-2");
        assertThat(ReportHtml.seriesLabels(data, "intensity-0"))
                .containsExactly("fitted, total", "true, total", "events");
        JsonNode truth = data.get("figures").get(2).get("series").get(1).get("values");
        assertThat(truth.size()).isGreaterThan(30);
        truth.forEach(v -> assertThat(v.asDouble()).isEqualTo(1.0)); // stationary Poisson: lambda = 1 per second
        assertThat(html)
                .contains("stationary_poisson: stationary Poisson, lambda = 1 (seed 3, " + train + ".process.json)");
    }

    @Test
    void theValidationFilesSequencesAreDrawnWithEachTypesTrueIntensity(@TempDir Path dir) throws Exception {
        Path train = dir.resolve("train.csv");
        Path validation = dir.resolve("validation.csv");
        Path model = dir.resolve("m.bin");
        Path page = dir.resolve("elsewhere.html");
        assertThat(run(
                        "simulate",
                        "--process",
                        "hawkes3type",
                        "--entities",
                        "3",
                        "--events",
                        "40",
                        "--out",
                        train.toString()))
                .isZero();
        assertThat(run(
                        "simulate",
                        "--process",
                        "hawkes3type",
                        "--entities",
                        "2",
                        "--events",
                        "50",
                        "--seed",
                        "2",
                        "--out",
                        validation.toString()))
                .isZero();

        assertThat(run(fit(train, model, "--validation", validation.toString(), "--report", page.toString())))
                .as(err.toString())
                .isZero();
        // The validation file's sidecar is the one used, while the training file's exists too.
        assertThat(Files.readString(page)).contains("(seed 2, " + validation + ".process.json)");

        assertThat(dir.resolve("m.bin.report.html")).doesNotExist();
        JsonNode data = ReportHtml.assertSelfContained(Files.readString(page));
        // Two validation sequences, each of 50 events.
        assertThat(ReportHtml.figureIds(data)).containsExactly("nll", "evaluations", "intensity-0", "intensity-1");
        assertThat(ReportHtml.seriesLabels(data, "intensity-1"))
                .containsExactly(
                        "fitted, total",
                        "true, total",
                        "fitted, 0",
                        "true, 0",
                        "fitted, 1",
                        "true, 1",
                        "fitted, 2",
                        "true, 2",
                        "events: 0",
                        "events: 1",
                        "events: 2");
        assertThat(Files.readString(page))
                .contains("the 2 longest sequences of " + validation, "Intensity along entity-0 (its 50 events)");
    }

    @Test
    void aHostileTypeNameIsEscapedAndNoReportMeansNone(@TempDir Path dir) throws Exception {
        Path train = dir.resolve("events.csv");
        StringBuilder csv = new StringBuilder("entity_id,timestamp,type\n");
        for (int i = 0; i < 12; i++) {
            csv.append("u")
                    .append(i % 2)
                    .append(',')
                    .append(1_000 * i * i)
                    .append(',')
                    .append(i % 3 == 0 ? "\"<script>alert(1)</script>\"" : "ok")
                    .append('\n');
        }
        Files.writeString(train, csv);
        Path model = dir.resolve("m.bin");

        assertThat(run(fit(train, model))).as(err.toString()).isZero();

        String html = Files.readString(dir.resolve("m.bin.report.html"));
        ReportHtml.assertSelfContained(html);
        assertThat(html)
                .doesNotContain("<script>alert(1)</script>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "events: \\u003cscript\\u003ealert(1)");

        Path other = dir.resolve("n.bin");
        assertThat(run(fit(train, other, "--no-report"))).isZero();
        assertThat(dir.resolve("n.bin.report.html")).doesNotExist();
        assertThat(run(fit(train, other, "--no-report", "--report", "x.html"))).isEqualTo(2);
        assertThat(err.toString()).contains("--report and --no-report exclude each other");

        Path nowhere = dir.resolve("missing-folder").resolve("r.html");
        assertThat(run(fit(train, other, "--report", nowhere.toString()))).isEqualTo(FitCommand.EXIT_NO_REPORT);
        assertThat(err.toString()).contains("the model is written, but the report cannot be: ", nowhere.toString());
        assertThat(other).exists();
    }

    @Test
    void simulateNamesTheProcessesInItsHelpAndRefusesAnUnknownOne(@TempDir Path dir) {
        assertThat(run("simulate", "--help")).isZero();
        assertThat(out.toString()).contains("stationary_poisson", "hawkes3type", "self_correcting");

        assertThat(run(
                        "simulate",
                        "--process",
                        "hawkes9",
                        "--out",
                        dir.resolve("x.csv").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--process: no benchmark process 'hawkes9'; known: [stationary_poisson");
        assertThat(dir.resolve("x.csv")).doesNotExist();
        assertThat(run(
                        "simulate",
                        "--process",
                        "hawkes1",
                        "--events",
                        "0",
                        "--out",
                        dir.resolve("y.csv").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--entities and --events must be >= 1");
    }
}
