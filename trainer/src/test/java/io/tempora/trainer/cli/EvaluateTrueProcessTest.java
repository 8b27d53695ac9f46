package io.tempora.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tempora.data.TypeVocabulary;
import io.tempora.model.EventModel;
import io.tempora.model.FeatureStatistics;
import io.tempora.model.ModelArchitecture;
import io.tempora.model.ModelCodec;
import io.tempora.pp.BenchmarkProcesses;
import io.tempora.trainer.CsvInputs;
import io.tempora.trainer.sim.SimulatedCsvFile;
import io.tempora.trainer.sim.SimulationSidecar;
import io.tempora.trainer.sim.TrueLikelihood;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code evaluate} prints the simulated process's own figures beside the model's when the file has a sidecar. */
class EvaluateTrueProcessTest {

    private static final double TIME_UNIT_MS = 1000;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private JsonNode evaluate(Path model, Path data) throws Exception {
        CommandLine cli = TemporaMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("evaluate", "--model", model.toString(), "--data", data.toString()))
                .as(err.toString())
                .isZero();
        String[] lines = out.toString().strip().split("\\R");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }

    /** A one-type model of type "0" (untrained: its figures do not matter here). */
    private static Path oneTypeModel(Path dir) throws Exception {
        ModelArchitecture arch = new ModelArchitecture(2, 3, ModelArchitecture.DEFAULT_EMBEDDING_DIM, 1, 0);
        EventModel m =
                EventModel.zeros(arch, TIME_UNIT_MS, TypeVocabulary.of("0"), FeatureStatistics.NONE, "untrained");
        Path file = dir.resolve("model.bin");
        Files.write(file, ModelCodec.encode(m));
        return file;
    }

    @Test
    void aSimulatedFilesTrueProcessIsReportedBesideTheModel(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("hawkes.csv");
        SimulatedCsvFile.write(csv, BenchmarkProcesses.hawkes1(), 3, 20, 2);
        TrueLikelihood expected =
                TrueLikelihood.of(SimulationSidecar.readFor(csv).orElseThrow(), CsvInputs.readTraining(csv));

        JsonNode json = evaluate(oneTypeModel(dir), csv);

        JsonNode truth = json.get("true_process");
        assertThat(truth.get("process").asText()).isEqualTo("hawkes1");
        assertThat(truth.get("nll_per_event").asDouble()).isCloseTo(expected.nllPerEvent(), within(1e-12));
        assertThat(truth.get("nll_time_per_event").asDouble()).isCloseTo(expected.nllTimePerEvent(), within(1e-12));
        assertThat(truth.get("nll_type_per_event").asDouble()).isZero();
        assertThat(truth.get("events").asLong())
                .isEqualTo(json.get("events").asLong())
                .isEqualTo(3 * 19);
    }

    @Test
    void aSidecarOfAProcessWithOtherTypesGivesNullAndANote(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("three.csv");
        SimulatedCsvFile.write(csv, BenchmarkProcesses.hawkes3Type(), 2, 30, 1);
        new SimulationSidecar("hawkes1", 1, 2, 30, SimulatedCsvFile.ORIGIN, 1).writeFor(csv);

        JsonNode json = evaluate(oneTypeModel(dir), csv);

        assertThat(json.get("true_process").isNull()).isTrue();
        assertThat(err.toString()).contains("true_process is null", "hawkes1", "is not one of the process");
    }

    @Test
    void aFileWithoutASidecarHasANullTrueProcess(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("hawkes.csv");
        SimulatedCsvFile.write(csv, BenchmarkProcesses.hawkes1(), 2, 10, 2);
        Files.delete(SimulationSidecar.pathFor(csv));

        JsonNode json = evaluate(oneTypeModel(dir), csv);

        assertThat(json.has("true_process")).isTrue();
        assertThat(json.get("true_process").isNull()).isTrue();
        assertThat(err.toString()).doesNotContain("true_process");
    }
}
