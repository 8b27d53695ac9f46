package io.tempora.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.data.EventSequence;
import io.tempora.model.EventModel;
import io.tempora.model.ModelCodec;
import io.tempora.pp.BenchmarkProcesses;
import io.tempora.pp.PointProcess;
import io.tempora.trainer.SimulatedCsv;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FitEvaluateCommandTest {

    private static final Pattern NLL = Pattern.compile("\"nll_per_event\":(-?[0-9.]+)");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = TemporaMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private String lastLine() {
        String[] lines = out.toString().strip().split("\\R");
        return lines[lines.length - 1];
    }

    @Test
    void fitThenEvaluateOnSimulatedHawkesFilesPrintsTheFiguresAsJson(@TempDir Path dir) throws Exception {
        PointProcess hawkes = BenchmarkProcesses.hawkes3Type().process();
        Path train = dir.resolve("train.csv");
        Path validation = dir.resolve("validation.csv");
        Path test = dir.resolve("test.csv");
        SimulatedCsv.write(train, hawkes, 12, 40, 1);
        SimulatedCsv.write(validation, hawkes, 4, 40, 2);
        List<EventSequence> testSequences = SimulatedCsv.write(test, hawkes, 6, 40, 3);
        Path model = dir.resolve("model.bin");

        int fit = run(
                "fit",
                "--train",
                train.toString(),
                "--validation",
                validation.toString(),
                "--out",
                model.toString(),
                "--epochs",
                "2",
                "--dim",
                "4",
                "--hidden",
                "8",
                "--seconds",
                "60",
                "--seed",
                "7");

        assertThat(fit).as(err.toString()).isZero();
        assertThat(out.toString())
                .doesNotContain("NaN")
                .contains(
                        "early stopping on the --validation file (4 sequences)",
                        "epoch 0/2: train NLL -,",
                        "epoch 1/2",
                        "evaluations/event",
                        "events/s",
                        "left",
                        "baseline poisson: train NLL",
                        "baseline hawkes: train NLL");
        EventModel written = ModelCodec.decode(Files.readAllBytes(model));
        assertThat(written.types().names()).containsExactly("0", "1", "2");
        assertThat(written.architecture().latentDim()).isEqualTo(4);

        out.getBuffer().setLength(0);
        assertThat(run("evaluate", "--model", model.toString(), "--data", test.toString()))
                .as(err.toString())
                .isZero();
        String json = lastLine();
        assertThat(json)
                .startsWith("{")
                .endsWith("}")
                .contains(
                        "\"events\":" + 6 * 39,
                        "\"sequences\":6",
                        "\"ece\":0.",
                        "\"nll_time_per_event\":",
                        "\"nll_type_per_event\":",
                        "\"type_accuracy\":0.",
                        "\"unseen_type_events\":0",
                        "\"baselines\":{\"poisson\":{\"nll_per_event\":",
                        "\"hawkes\":{\"nll_per_event\":");
        Matcher m = NLL.matcher(json);
        assertThat(m.find()).isTrue();
        double nll = Double.parseDouble(m.group(1));
        double trueNll = 0;
        for (EventSequence s : testSequences) {
            trueNll -= hawkes.logLikelihood(s, 1, s.size());
        }
        trueNll /= 6 * 39;
        // Two tiny epochs do not reach the truth, but a model in the right units lands within a nat or so of it
        // (a unit slip would be log(1000) = 6.9 nats off).
        assertThat(nll).isBetween(trueNll - 0.5, trueNll + 2);
    }

    @Test
    void fitRefusesAFileWithMalformedRowsListingEveryOneWithItsLine(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(
                bad,
                "entity_id,timestamp,type\n" + "u,1000,a\n" + "u,soon,a\n" + ",3000,b\n" + "v,4000\n" + "v,5000,b\n");
        Path model = dir.resolve("model.bin");

        assertThat(run("fit", "--train", bad.toString(), "--out", model.toString()))
                .isEqualTo(InputProblems.EXIT_BAD_INPUT);

        assertThat(err.toString())
                .contains(
                        "3 problems",
                        bad + ":3:2: timestamp 'soon'",
                        bad + ":4:1: entity_id is empty",
                        bad + ":5: 2 fields where the header has 3");
        assertThat(model).doesNotExist();
    }

    @Test
    void onSmallDataWithoutASizeFitChoosesTheSizeAndWeightDecayByValidation(@TempDir Path dir) throws Exception {
        Path train = dir.resolve("train.csv");
        SimulatedCsv.write(train, BenchmarkProcesses.hawkes1().process(), 60, 5, 1);
        Path model = dir.resolve("model.bin");

        assertThat(run("fit", "--train", train.toString(), "--out", model.toString(), "--epochs", "1"))
                .as(err.toString())
                .isZero();

        String printed = out.toString();
        assertThat(printed)
                .contains(
                        "chosen by validation among 4 candidates",
                        "early stopping on 6 of the 60 training sequences held out whole",
                        "candidate 1/4: D=4 H=8 weight decay 0.1",
                        "candidate 4/4: D=16 H=32 weight decay 0.0")
                .doesNotContain("NaN");
        Matcher kept = Pattern.compile("kept D=(\\d+) H=(\\d+) weight decay [0-9.]+: the (simplest within one "
                        + "standard error|lowest validation NLL)")
                .matcher(printed);
        assertThat(kept.find()).as(printed).isTrue();
        EventModel written = ModelCodec.decode(Files.readAllBytes(model));
        assertThat(written.architecture().latentDim()).isEqualTo(Integer.parseInt(kept.group(1)));
        assertThat(written.architecture().hiddenDim()).isEqualTo(Integer.parseInt(kept.group(2)));
    }

    @Test
    void fitSaysWhatManyEventTypesCostAndTrainsOnThem(@TempDir Path dir) throws Exception {
        int types = FitCommand.MANY_TYPES + 1;
        StringBuilder csv = new StringBuilder("entity_id,timestamp,type\n");
        for (int i = 0; i < 2 * types; i++) {
            csv.append("e")
                    .append(i % 4)
                    .append(',')
                    .append(1_000L * (i + 1))
                    .append(",t")
                    .append(i % types)
                    .append('\n');
        }
        Path train = dir.resolve("many.csv");
        Files.writeString(train, csv);
        Path model = dir.resolve("many.bin");

        assertThat(run(
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
                        "2",
                        "--no-report"))
                .as(err.toString())
                .isZero();

        assertThat(out.toString()).contains("note: " + types + " event types");
        assertThat(ModelCodec.decode(Files.readAllBytes(model)).architecture().numTypes())
                .isEqualTo(types);
    }

    @Test
    void everyCommandHasHelp() {
        assertThat(run("fit", "--help")).isZero();
        assertThat(out.toString())
                .contains(
                        "--train=FILE",
                        "--validation=FILE",
                        "--out=MODEL",
                        "--seconds=S",
                        "--epochs=N",
                        "--dim=D",
                        "--hidden=H",
                        "--seed=N",
                        "MODEL.baselines.json");
        assertThat(run("evaluate", "--help")).isZero();
        assertThat(out.toString())
                .contains("--model=MODEL", "--data=FILE", "Likelihood convention", "baselines", "unseen_type_events");
        assertThat(run("serve", "--help")).isZero();
        assertThat(out.toString()).contains("--config=FILE", "tempora.grace.ms", "TEMPORA_BOOTSTRAP_SERVERS");
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("fit", "evaluate", "serve");
    }
}
