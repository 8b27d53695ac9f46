package io.tempora.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tempora.demo.Demo;
import io.tempora.demo.DemoOptions;
import io.tempora.model.EventModel;
import io.tempora.model.FeatureStatistics;
import io.tempora.model.ModelArchitecture;
import io.tempora.schemas.ModelParameters;
import io.tempora.streams.model.ModelParametersMapper;
import io.tempora.streams.model.ServingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachedDemoModelTest {

    private static final long MODEL_SEED = 5;
    private static final double UNIT_MS = 1000;

    @TempDir
    Path dir;

    @Test
    void theCachedRecordReadsBackAsPublishedWithItsTrainingFigures() throws Exception {
        ModelParameters record = demoShapedRecord();
        Properties figures = new Properties();
        figures.setProperty(CachedDemoModel.NLL_KEY, "1.966");
        figures.setProperty(CachedDemoModel.TRAIN_SECONDS_KEY, "20.4");
        Path file = CachedDemoModel.file(dir, DemoOptions.DEFAULTS, "hawkes3");

        CachedDemoModel.write(file, new CachedDemoModel.Cached(record, figures));
        CachedDemoModel.Cached read = CachedDemoModel.read(file);

        assertThat(read.record()).isEqualTo(record);
        assertThat(read.record().getChecksum()).isEqualTo(record.getChecksum());
        assertThat(ModelParametersMapper.fromAvro(read.record()).parameters().values())
                .containsExactly(
                        ModelParametersMapper.fromAvro(record).parameters().values());
        assertThat(read.figures()).isEqualTo(figures);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")))
                    .isEmpty();
        }
    }

    @Test
    void aTruncatedCacheFileIsRefusedNotReadAsAnotherModel() throws Exception {
        Path file = CachedDemoModel.file(dir, DemoOptions.DEFAULTS, "hawkes3");
        CachedDemoModel.write(file, new CachedDemoModel.Cached(demoShapedRecord(), new Properties()));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> CachedDemoModel.read(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is unreadable");
    }

    @Test
    void theFileNameChangesWithEverySettingThatShapesTheFit() {
        DemoOptions d = DemoOptions.DEFAULTS;
        Path base = CachedDemoModel.file(dir, d, "hawkes3");

        assertThat(base.getFileName().toString()).isEqualTo("hawkes-demo-hawkes3-n300-u180-ms1000-s7-t20-d16-h32.avro");
        assertThat(CachedDemoModel.file(dir, d, "poisson")).isNotEqualTo(base);
        assertThat(CachedDemoModel.file(dir, with(d, 301, d.historyUnits(), d.trainSeconds(), d.seed()), "hawkes3"))
                .isNotEqualTo(base);
        assertThat(CachedDemoModel.file(dir, with(d, d.entities(), 180.5, d.trainSeconds(), d.seed()), "hawkes3"))
                .isNotEqualTo(base);
        assertThat(CachedDemoModel.file(dir, with(d, d.entities(), d.historyUnits(), 21, d.seed()), "hawkes3"))
                .isNotEqualTo(base);
        assertThat(CachedDemoModel.file(dir, with(d, d.entities(), d.historyUnits(), d.trainSeconds(), 8), "hawkes3"))
                .isNotEqualTo(base);
    }

    private static DemoOptions with(DemoOptions d, int entities, double historyUnits, double trainSeconds, long seed) {
        return new DemoOptions(
                d.seconds(),
                entities,
                d.unitMs(),
                historyUnits,
                trainSeconds,
                d.retrainEvery(),
                d.margin(),
                seed,
                d.console(),
                d.instances(),
                d.hold());
    }

    /** A version 1 record of the demo's shape, as the training service publishes one. */
    private static ModelParameters demoShapedRecord() {
        EventModel model = EventModel.create(
                ModelArchitecture.defaults(Demo.TYPES.size(), 0).withSizes(Demo.LATENT_DIM, Demo.HIDDEN_DIM),
                UNIT_MS,
                Demo.TYPES,
                FeatureStatistics.NONE,
                ServingModel.label(Demo.MODEL_NAME, 1),
                MODEL_SEED);
        return ModelParametersMapper.toAvro(
                model,
                Demo.MODEL_NAME,
                1,
                OptionalLong.empty(),
                Instant.parse("2026-12-07T20:00:00Z"),
                Map.of("validation_nll", 1.966),
                Optional.empty());
    }
}
