package io.tempora.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.pp.BenchmarkProcesses;
import io.tempora.pp.MarkedPoisson;
import io.tempora.trainer.CsvInputs;
import io.tempora.trainer.SimulatedCsv;
import io.tempora.trainer.baseline.BaselineSidecar;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code fit} keeps the baselines next to the model and {@code evaluate} reports them, on real files. */
class BaselinesCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A tiny model: these tests are about the baselines, which do not depend on it. */
    private static final String[] TINY = {"--epochs", "1", "--dim", "2", "--hidden", "2", "--seed", "3"};

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = TemporaMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private int fit(Path train, Path model, String... more) {
        String[] args = new String[5 + TINY.length + more.length];
        args[0] = "fit";
        args[1] = "--train";
        args[2] = train.toString();
        args[3] = "--out";
        args[4] = model.toString();
        System.arraycopy(TINY, 0, args, 5, TINY.length);
        System.arraycopy(more, 0, args, 5 + TINY.length, more.length);
        return run(args);
    }

    private JsonNode evaluate(Path model, Path data) throws Exception {
        out.getBuffer().setLength(0);
        assertThat(run("evaluate", "--model", model.toString(), "--data", data.toString()))
                .as(err.toString())
                .isZero();
        String[] lines = out.toString().strip().split("\\R");
        return JSON.readTree(lines[lines.length - 1]);
    }

    @Test
    void onPoissonDataThePoissonBaselineScoresTheClosedFormMaximumLikelihood(@TempDir Path dir) throws Exception {
        Path train = dir.resolve("train.csv");
        SimulatedCsv.write(train, new MarkedPoisson(0.5, 1.0, 0.25), 10, 60, 1);
        Path model = dir.resolve("model.bin");

        assertThat(fit(train, model)).as(err.toString()).isZero();

        // The closed form from the file as read: λ̂ = n / T over the scored events and first-to-last spans, and the
        // add-one shares p_k = (n_k + 1) / (n + K).
        Dataset read = CsvInputs.readTraining(train);
        long n = 0;
        double exposure = 0;
        long[] counts = new long[read.numTypes()];
        for (EventSequence s : read.sequences()) {
            n += s.size() - 1;
            exposure += (s.time(s.size() - 1) - s.time(0)) / 1000;
            for (int i = 1; i < s.size(); i++) {
                counts[s.type(i)]++;
            }
        }
        double rate = n / exposure;
        double timeNll = -(n * Math.log(rate) - rate * exposure) / n;
        double typeNll = 0;
        for (long c : counts) {
            typeNll -= c * Math.log((c + 1.0) / (n + read.numTypes()));
        }
        typeNll /= n;

        JsonNode sidecar = JSON.readTree(BaselineSidecar.path(model).toFile());
        assertThat(sidecar.path("poisson").path("rate_per_second").asDouble()).isCloseTo(rate, within(1e-12));
        assertThat(sidecar.path("training").path("scored_events").asLong()).isEqualTo(n);
        assertThat(sidecar.path("unseen_type_probability").asDouble())
                .isCloseTo(1.0 / (n + read.numTypes() + 1), within(1e-15));
        assertThat(out.toString())
                .contains(
                        "baseline poisson: train NLL "
                                + String.format(java.util.Locale.ROOT, "%.5f", timeNll + typeNll),
                        "baseline hawkes: train NLL ",
                        "wrote " + BaselineSidecar.path(model));

        JsonNode poisson = evaluate(model, train).path("baselines").path("poisson");
        assertThat(poisson.path("nll_time_per_event").asDouble()).isCloseTo(timeNll, within(1e-9));
        assertThat(poisson.path("nll_type_per_event").asDouble()).isCloseTo(typeNll, within(1e-9));
        assertThat(poisson.path("nll_per_event").asDouble()).isCloseTo(timeNll + typeNll, within(1e-9));
    }

    @Test
    void onHawkesDataTheHawkesBaselineBeatsPoissonOnHeldOutData(@TempDir Path dir) throws Exception {
        Path train = dir.resolve("train.csv");
        Path test = dir.resolve("test.csv");
        SimulatedCsv.write(train, BenchmarkProcesses.hawkes1().process(), 20, 100, 1);
        SimulatedCsv.write(test, BenchmarkProcesses.hawkes1().process(), 10, 100, 2);
        Path model = dir.resolve("model.bin");
        assertThat(fit(train, model, "--validation", test.toString()))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).containsPattern("baseline hawkes: train NLL .*, --validation ");

        JsonNode json = evaluate(model, test);

        JsonNode baselines = json.path("baselines");
        assertThat(baselines.isObject()).as(json.toString()).isTrue();
        double poisson = baselines.path("poisson").path("nll_per_event").asDouble();
        double hawkes = baselines.path("hawkes").path("nll_per_event").asDouble();
        // hawkes1 clusters strongly (branching ratio 0.8): the gap is a large fraction of a nat, far beyond noise.
        assertThat(hawkes).isLessThan(poisson - 0.1);
        // LogNormMix's recurrent history sees the clustering too.
        assertThat(baselines.path("lognormmix").path("nll_per_event").asDouble())
                .isLessThan(poisson - 0.1);
        assertThat(baselines.path("hawkes").path("nll_type_per_event").asDouble())
                .isZero();
        assertThat(json.path("events").asLong()).isEqualTo(10 * 99);
    }

    @Test
    void withoutTheSidecarEvaluateReportsBaselinesAsNull(@TempDir Path dir) throws Exception {
        Path train = dir.resolve("train.csv");
        SimulatedCsv.write(train, BenchmarkProcesses.hawkes1().process(), 4, 20, 1);
        Path model = dir.resolve("model.bin");
        assertThat(fit(train, model)).as(err.toString()).isZero();
        Files.delete(BaselineSidecar.path(model));

        JsonNode json = evaluate(model, train);

        assertThat(json.has("baselines")).isTrue();
        assertThat(json.get("baselines").isNull()).isTrue();
        assertThat(json.path("unseen_type_probability").asDouble()).isEqualTo(0.5); // 1 / (K + 1), K = 1
    }

    @Test
    void aSidecarFittedOnOtherTypesIsIgnoredWithANote(@TempDir Path dir) throws Exception {
        Path oneType = dir.resolve("one.csv");
        Path threeTypes = dir.resolve("three.csv");
        SimulatedCsv.write(oneType, BenchmarkProcesses.hawkes1().process(), 4, 20, 1);
        SimulatedCsv.write(threeTypes, BenchmarkProcesses.hawkes3Type().process(), 4, 20, 1);
        Path model = dir.resolve("model.bin");
        Path other = dir.resolve("other.bin");
        assertThat(fit(oneType, model)).as(err.toString()).isZero();
        assertThat(fit(threeTypes, other)).as(err.toString()).isZero();
        Files.copy(BaselineSidecar.path(other), BaselineSidecar.path(model), StandardCopyOption.REPLACE_EXISTING);

        JsonNode json = evaluate(model, oneType);

        assertThat(json.get("baselines").isNull()).isTrue();
        assertThat(err.toString()).contains(BaselineSidecar.path(model) + " was fitted on other types than " + model);
    }

    @Test
    void typesNotSeenInTrainingAreScoredByTheDocumentedRuleForModelAndBaselines(@TempDir Path dir) throws Exception {
        Path train = dir.resolve("train.csv");
        SimulatedCsv.write(train, BenchmarkProcesses.hawkes1().process(), 4, 20, 1);
        Path model = dir.resolve("model.bin");
        assertThat(fit(train, model)).as(err.toString()).isZero();
        Path other = dir.resolve("other.csv");
        Files.writeString(other, "entity_id,timestamp,type\nu,1000,0\nu,2000,new\nu,3000,new\nv,1000,other\n");

        JsonNode json = evaluate(model, other);

        // u's two later events are scored (both unseen); v's single event is conditioned on.
        assertThat(json.path("events").asLong()).isEqualTo(2);
        assertThat(json.path("unseen_type_events").asLong()).isEqualTo(2);
        double epsilon = 1.0 / (4 * 19 + 1 + 1);
        assertThat(json.path("unseen_type_probability").asDouble()).isCloseTo(epsilon, within(1e-12));
        assertThat(json.path("nll_type_per_event").asDouble()).isCloseTo(-Math.log(epsilon), within(1e-5));
        assertThat(json.path("nll_per_event").isNumber()).isTrue();
        for (String b : new String[] {"poisson", "hawkes", "lognormmix"}) {
            JsonNode f = json.path("baselines").path(b);
            assertThat(f.path("unseen_type_events").asLong()).isEqualTo(2);
            assertThat(f.path("nll_type_per_event").asDouble()).isCloseTo(-Math.log(epsilon), within(1e-12));
            assertThat(f.path("nll_per_event").isNumber()).as(b).isTrue();
        }
        assertThat(err.toString()).contains("3 events of 2 types (new, other) not seen in training");
    }

    @Test
    void twelveThousandMalformedRowsAreAllReportedEachOnABoundedLine(@TempDir Path dir) throws Exception {
        int rows = 12_000;
        StringBuilder csv = new StringBuilder("entity_id,timestamp,type\n");
        for (int i = 0; i < rows; i++) {
            csv.append("e")
                    .append(i % 50)
                    .append(",not-a-time,unseen_")
                    .append(i)
                    .append('\n');
        }
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, csv);
        Path model = dir.resolve("model.bin");

        assertThat(fit(bad, model)).isEqualTo(InputProblems.EXIT_BAD_INPUT);

        String[] lines = err.toString().strip().split("\\R");
        assertThat(lines).hasSize(rows + 1);
        int longest = 0;
        for (String line : lines) {
            longest = Math.max(longest, line.length() - bad.toString().length());
        }
        // Each line names the file, the line and the field: a few dozen characters beyond the path, whatever
        // the number of rows or of type names.
        assertThat(longest).isLessThan(200);
        assertThat(model).doesNotExist();
        assertThat(BaselineSidecar.path(model)).doesNotExist();
    }
}
