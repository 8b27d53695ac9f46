package io.tempora.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tempora.streams.TemporaConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class TrainerConfigTest {

    private static Map<String, Object> minimal() {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", "127.0.0.1:9092");
        p.put("schema.registry.url", "http://127.0.0.1:8081/apis/ccompat/v7");
        return p;
    }

    @Test
    void defaultsApplyAndClientKeysPassThrough() {
        Map<String, Object> p = minimal();
        p.put("max.poll.records", "100");
        TrainerConfig c = new TrainerConfig(p);
        assertThat(c.modelName()).isEqualTo("default");
        assertThat(c.eventsTopic()).isEqualTo("events");
        assertThat(c.modelsTopic()).isEqualTo("model-parameters");
        assertThat(c.margin()).isZero();
        assertThat(c.windowMs()).isEqualTo(7L * 24 * 3600 * 1000);
        assertThat(c.pinnedVersion()).isEqualTo(-1);
        assertThat(c.features()).isEmpty();
        assertThat(c.types()).isEmpty();
        assertThat(c.clientConfigs())
                .containsEntry("max.poll.records", "100")
                .containsKey("bootstrap.servers")
                .doesNotContainKey(TrainerConfig.MARGIN_CONFIG);
    }

    @Test
    void aMissingBootstrapServersSaysWhichKeyAndHowToSetIt() {
        Map<String, Object> p = minimal();
        p.remove("bootstrap.servers");
        assertThatThrownBy(() -> new TrainerConfig(p))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bootstrap.servers is not set")
                .hasMessageContaining("TEMPORA_BOOTSTRAP_SERVERS");
    }

    @Test
    void aMissingRegistryIsRefused() {
        Map<String, Object> p = minimal();
        p.remove("schema.registry.url");
        assertThatThrownBy(() -> new TrainerConfig(p)).hasMessageContaining("schema.registry.url is not set");
    }

    @Test
    void aNegativeOrNonNumericMarginIsRefusedNamingTheKey() {
        Map<String, Object> p = minimal();
        p.put(TrainerConfig.MARGIN_CONFIG, "-0.1");
        assertThatThrownBy(() -> new TrainerConfig(p))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(TrainerConfig.MARGIN_CONFIG)
                .hasMessageContaining(">= 0");
        p.put(TrainerConfig.MARGIN_CONFIG, "a lot");
        assertThatThrownBy(() -> new TrainerConfig(p)).hasMessageContaining(TrainerConfig.MARGIN_CONFIG);
        p.put(TrainerConfig.MARGIN_CONFIG, "NaN");
        assertThatThrownBy(() -> new TrainerConfig(p)).hasMessageContaining(TrainerConfig.MARGIN_CONFIG);
    }

    @Test
    void theStreamsAppsKeysAreLeftToItSoOneFileConfiguresBoth() {
        Map<String, Object> p = minimal();
        p.put(TemporaConfig.GRACE_MS_CONFIG, "60000");
        p.put(TemporaConfig.HORIZONS_MS_CONFIG, "60000,3600000");
        new TrainerConfig(p);
        p.put("tempora.grase.ms", "1");
        assertThatThrownBy(() -> new TrainerConfig(p)).hasMessageContaining("tempora.grase.ms");
    }

    @Test
    void threadsDefaultToOnePerProcessorAndCanBeLimited() {
        Map<String, Object> p = minimal();
        assertThat(new TrainerConfig(p).threads())
                .isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors()));
        p.put(TrainerConfig.THREADS_CONFIG, "1");
        assertThat(new TrainerConfig(p).threads()).isEqualTo(1);
        p.put(TrainerConfig.THREADS_CONFIG, "-1");
        assertThatThrownBy(() -> new TrainerConfig(p)).hasMessageContaining(TrainerConfig.THREADS_CONFIG);
    }

    @Test
    void otherBadValuesAndUnknownKeysAreRefused() {
        Map<String, Object> p = minimal();
        p.put(TrainerConfig.VALIDATION_FRACTION_CONFIG, "1");
        assertThatThrownBy(() -> new TrainerConfig(p)).hasMessageContaining(TrainerConfig.VALIDATION_FRACTION_CONFIG);
        p.remove(TrainerConfig.VALIDATION_FRACTION_CONFIG);
        p.put("tempora.train.margn", "0.1");
        assertThatThrownBy(() -> new TrainerConfig(p))
                .hasMessageContaining("tempora.train.margn")
                .hasMessageContaining("unknown tempora key");
        p.remove("tempora.train.margn");
        p.put(TrainerConfig.RETRY_BACKOFF_MS_CONFIG, "5000");
        p.put(TrainerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "1000");
        assertThatThrownBy(() -> new TrainerConfig(p)).hasMessageContaining(TrainerConfig.RETRY_BACKOFF_MAX_MS_CONFIG);
    }

    @Test
    void environmentVariablesOverrideTheFile() {
        Map<String, Object> p = minimal();
        p.put(TrainerConfig.MARGIN_CONFIG, "0.5");
        TrainerConfig c = new TrainerConfig(TrainerConfig.withEnvironment(
                p,
                Map.of(
                        "TEMPORA_TRAIN_MARGIN", "0.25",
                        "TEMPORA_BOOTSTRAP_SERVERS", "127.0.0.1:19092",
                        "TEMPORA_MODEL_NAME", "churn",
                        "PATH", "/usr/bin")));
        assertThat(c.margin()).isEqualTo(0.25);
        assertThat(c.modelName()).isEqualTo("churn");
        assertThat(c.clientConfigs()).containsEntry("bootstrap.servers", "127.0.0.1:19092");
    }

    @Test
    void theTypesAModelMayLearnAreAListWithBlanksDropped() {
        Map<String, Object> p = minimal();
        p.put(TrainerConfig.TYPES_CONFIG, "view, cart,,purchase ");
        assertThat(new TrainerConfig(p).types()).containsExactlyInAnyOrder("view", "cart", "purchase");
    }

    @Test
    void theSampleConfigurationParses() throws Exception {
        TrainerConfig c = TrainerConfig.load(Path.of("../deploy/trainer.properties"), Map.of());
        assertThat(c.margin()).isEqualTo(0.01);
        assertThat(c.clientConfigs()).containsEntry("bootstrap.servers", "localhost:9092");
    }
}
