package io.tempora.trainer.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import io.tempora.pp.BenchmarkProcesses;
import io.tempora.pp.PointProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineSidecarTest {

    private static Dataset simulated(int sequences, long seed) {
        PointProcess p = BenchmarkProcesses.hawkes3Type().process();
        SplittableRandom rng = new SplittableRandom(seed);
        List<EventSequence> out = new ArrayList<>();
        for (int q = 0; q < sequences; q++) {
            EventSequence s = p.simulate(30, rng.split(), "e" + q);
            double[] ms = new double[s.size()];
            for (int i = 0; i < ms.length; i++) {
                ms[i] = s.time(i) * 1000;
            }
            out.add(EventSequence.of(s.entityId(), ms, s.types()));
        }
        return Dataset.of(TypeVocabulary.of("x", "y", "z"), out);
    }

    @Test
    void whatIsWrittenNextToTheModelReadsBackAndScoresTheSame(@TempDir Path dir) throws Exception {
        Dataset train = simulated(8, 1);
        Dataset validation = simulated(3, 2);
        BaselineSidecar written = BaselineSidecar.fit(train, validation, 1000);
        Path model = dir.resolve("model.bin");

        written.write(model);
        BaselineSidecar read = BaselineSidecar.read(model);

        assertThat(BaselineSidecar.path(model)).isEqualTo(dir.resolve("model.bin.baselines.json"));
        assertThat(Files.readString(BaselineSidecar.path(model)))
                .contains("\"format\" : \"tempora-baselines/1\"", "\"rate_per_second\"", "\"beta_per_second\"");
        assertThat(read.training()).isEqualTo(written.training());
        assertThat(read.validation()).isEqualTo(written.validation());
        assertThat(read.hasTypes(TypeVocabulary.of("x", "y", "z"))).isTrue();
        assertThat(read.hasTypes(TypeVocabulary.of("x", "y"))).isFalse();
        Dataset test = simulated(2, 3);
        assertThat(read.baselines().score(test, 1000))
                .isEqualTo(written.baselines().score(test, 1000));
        assertThat(read.baselines().score(test, 1000)).containsKey(Baselines.LOGNORMMIX);
        assertThat(read.lines()).hasSize(3).allSatisfy(line -> assertThat(line).contains("train NLL", "--validation"));
    }

    @Test
    void aFileOfAnEarlierBuildWithoutLogNormMixReadsWithTheOtherTwo(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model.bin");
        BaselineSidecar.fit(simulated(8, 1), null, 1000).write(model);
        Path file = BaselineSidecar.path(model);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode root =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(file.toFile());
        root.remove(Baselines.LOGNORMMIX);
        Files.writeString(file, json.writeValueAsString(root));

        BaselineSidecar read = BaselineSidecar.read(model);

        assertThat(read.baselines().score(simulated(2, 3), 1000)).containsOnlyKeys(Baselines.POISSON, Baselines.HAWKES);
        assertThat(read.lines()).hasSize(2);
    }

    @Test
    void logNormMixParametersThatDoNotMatchItsSizesAreRefused(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model.bin");
        BaselineSidecar.fit(simulated(8, 1), null, 1000).write(model);
        Path file = BaselineSidecar.path(model);
        Files.writeString(file, Files.readString(file).replace("\"hidden\" : 32", "\"hidden\" : 31"));

        assertThatThrownBy(() -> BaselineSidecar.read(model))
                .hasMessageContaining("model.bin.baselines.json")
                .hasMessageContaining("lognormmix \"parameters\" must be an array of");
    }

    @Test
    void noSidecarIsNullAndABrokenOneSaysWhichFileAndWhat(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("m.bin");
        assertThat(BaselineSidecar.read(model)).isNull();

        Files.writeString(BaselineSidecar.path(model), "{\"format\":\"tempora-baselines/1\",\"types\":[\"a\"]}");

        assertThatThrownBy(() -> BaselineSidecar.read(model))
                .hasMessageContaining("m.bin.baselines.json")
                .hasMessageContaining("\"types\" and \"type_counts\" must be arrays");
    }
}
