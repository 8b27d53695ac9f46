package io.tempora.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class TemporaConfigTest {

    @Test
    void defaultsAreExactlyOnceTheDesignsTopicsAndAThirtyTwoEventRing() {
        TemporaConfig c = new TemporaConfig(Map.of("bootstrap.servers", "127.0.0.1:9092"));
        assertThat(c.streamsProperties())
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry("bootstrap.servers", "127.0.0.1:9092");
        assertThat(c.eventsTopic()).isEqualTo(Topics.EVENTS);
        assertThat(c.predictionsTopic()).isEqualTo(Topics.PREDICTIONS);
        assertThat(c.dlqTopic()).isEqualTo(Topics.EVENTS_DLQ);
        assertThat(c.modelsTopic()).isEqualTo(Topics.MODEL_PARAMETERS);
        assertThat(c.ringSize()).isEqualTo(32);
        assertThat(c.horizonsMs()).containsExactly(60_000, 3_600_000, 86_400_000);
        assertThat(c.pinnedVersion()).isEqualTo(-1);
    }

    @Test
    void theApplicationsKeysStayOutOfKafkaStreamsAndTheOthersPassThrough() {
        TemporaConfig c = new TemporaConfig(Map.of(
                TemporaConfig.GRACE_MS_CONFIG,
                "10",
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                StreamsConfig.AT_LEAST_ONCE,
                "schema.registry.url",
                "x"));
        assertThat(c.graceMs()).isEqualTo(10);
        assertThat(c.streamsProperties())
                .doesNotContainKey(TemporaConfig.GRACE_MS_CONFIG)
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        assertThat(c.serdeConfigs()).containsEntry("schema.registry.url", "x");
    }

    @Test
    void environmentVariablesOverrideTheFileForTheAppsKeysAndKafkasAlike() {
        Map<String, Object> merged = TemporaConfig.withEnvironment(
                Map.of(TemporaConfig.GRACE_MS_CONFIG, "10", "bootstrap.servers", "file:1"),
                Map.of("TEMPORA_GRACE_MS", "20", "TEMPORA_BOOTSTRAP_SERVERS", "env:2", "PATH", "/bin"));
        TemporaConfig c = new TemporaConfig(merged);
        assertThat(c.graceMs()).isEqualTo(20);
        assertThat(c.streamsProperties())
                .containsEntry("bootstrap.servers", "env:2")
                .doesNotContainKey("path");
    }

    @Test
    void theTrainingServicesKeysAreLeftToItSoOneFileConfiguresBoth() {
        TemporaConfig c = new TemporaConfig(Map.of(
                "bootstrap.servers",
                "127.0.0.1:9092",
                "tempora.train.margin",
                "0.01",
                TemporaConfig.MODEL_SIGNING_KEY_CONFIG,
                "a-private-key"));
        assertThat(c.streamsProperties())
                .doesNotContainKeys("tempora.train.margin", TemporaConfig.MODEL_SIGNING_KEY_CONFIG);
        assertThat(TemporaConfig.withEnvironment(Map.of(), Map.of("TEMPORA_TRAIN_MARGIN", "0.02")))
                .containsEntry("tempora.train.margin", "0.02")
                .doesNotContainKey("train.margin");
        assertThatThrownBy(() -> new TemporaConfig(Map.of("tempora.model.signing.keys", "x")))
                .hasMessageContaining("tempora.model.signing.keys");
    }

    @Test
    void badValuesAndUnknownApplicationKeysAreRefusedByName() {
        assertThatThrownBy(() -> new TemporaConfig(Map.of("tempora.grase.ms", "1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tempora.grase.ms");
        assertThatThrownBy(() -> new TemporaConfig(Map.of(TemporaConfig.HORIZONS_MS_CONFIG, "1000,10")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ascending");
        assertThatThrownBy(() -> new TemporaConfig(Map.of(TemporaConfig.HORIZONS_MS_CONFIG, "1000,never")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("never");
        assertThatThrownBy(() -> new TemporaConfig(Map.of(TemporaConfig.RING_SIZE_CONFIG, "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(TemporaConfig.RING_SIZE_CONFIG);
    }

    @Test
    void stateLifetimeAndTimersAreOffByDefault() {
        TemporaConfig c = new TemporaConfig(Map.of());
        assertThat(c.stateTtlMs()).isZero();
        assertThat(c.timerIntervalMs()).isZero();
        assertThat(c.stateEvictedRetentionMs())
                .as("as long again as the TTL: none")
                .isZero();
    }

    @Test
    void evictedEntitiesAreRememberedForAsLongAgainAsTheTtlUnlessConfigured() {
        TemporaConfig asTtl = new TemporaConfig(Map.of(TemporaConfig.STATE_TTL_MS_CONFIG, "86400000"));
        assertThat(asTtl.stateEvictedRetentionMs()).isEqualTo(86_400_000);
        TemporaConfig set = new TemporaConfig(Map.of(
                TemporaConfig.STATE_TTL_MS_CONFIG, "86400000", TemporaConfig.STATE_EVICTED_RETENTION_MS_CONFIG, "0"));
        assertThat(set.stateEvictedRetentionMs()).isZero();
    }

    @Test
    void aTtlWithinTheGracePeriodAndNonPositiveBoundsAreRefusedWithWhy() {
        assertThatThrownBy(() -> new TemporaConfig(
                        Map.of(TemporaConfig.STATE_TTL_MS_CONFIG, "60000", TemporaConfig.GRACE_MS_CONFIG, "60000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(TemporaConfig.STATE_TTL_MS_CONFIG)
                .hasMessageContaining("longer than " + TemporaConfig.GRACE_MS_CONFIG);
        assertThatThrownBy(() -> new TemporaConfig(Map.of(TemporaConfig.TIMER_MAX_PREDICTIONS_CONFIG, "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(TemporaConfig.TIMER_MAX_PREDICTIONS_CONFIG);
        assertThatThrownBy(() -> new TemporaConfig(Map.of(TemporaConfig.STATE_TTL_MAX_EVICTIONS_CONFIG, "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(TemporaConfig.STATE_TTL_MAX_EVICTIONS_CONFIG);
        assertThatThrownBy(() -> new TemporaConfig(Map.of(TemporaConfig.STATE_EVICTED_RETENTION_MS_CONFIG, "-2")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(TemporaConfig.STATE_EVICTED_RETENTION_MS_CONFIG);
    }

    @Test
    void theAdvertisedHttpAddressDefaultsToTheBoundOneAndCanBeSetApart() {
        TemporaConfig loopback = new TemporaConfig(Map.of());
        assertThat(loopback.httpHost()).isEqualTo("127.0.0.1");
        assertThat(loopback.httpAdvertisedHost()).isEqualTo("127.0.0.1");
        assertThat(loopback.httpAdvertisedPort(8080)).isEqualTo(8080);

        TemporaConfig pod = new TemporaConfig(Map.of(
                TemporaConfig.HTTP_HOST_CONFIG,
                "0.0.0.0",
                TemporaConfig.HTTP_ADVERTISED_HOST_CONFIG,
                "tempora-1.tempora.svc",
                TemporaConfig.HTTP_ADVERTISED_PORT_CONFIG,
                "9000"));
        assertThat(pod.httpHost()).isEqualTo("0.0.0.0");
        assertThat(pod.httpAdvertisedHost()).isEqualTo("tempora-1.tempora.svc");
        assertThat(pod.httpAdvertisedPort(8080)).isEqualTo(9000);
        assertThat(pod.streamsProperties())
                .as("the app's keys stay out of Kafka Streams; the app sets application.server itself")
                .doesNotContainKeys(TemporaConfig.HTTP_ADVERTISED_HOST_CONFIG, "application.server");
    }

    @Test
    void bindingEveryInterfaceWithoutAnAdvertisedHostIsRefusedWithTheKeyToSet() {
        for (String wildcard : new String[] {"0.0.0.0", "::", "[::]"}) {
            assertThatThrownBy(() -> new TemporaConfig(Map.of(TemporaConfig.HTTP_HOST_CONFIG, wildcard)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(TemporaConfig.HTTP_ADVERTISED_HOST_CONFIG)
                    .hasMessageContaining("binds every interface");
        }
        // Without HTTP nothing is advertised, so nothing is refused.
        assertThat(new TemporaConfig(Map.of(
                                TemporaConfig.HTTP_HOST_CONFIG, "0.0.0.0", TemporaConfig.HTTP_ENABLED_CONFIG, "false"))
                        .httpEnabled())
                .isFalse();
    }

    @Test
    void theLoggingVariablesAreNotPassedToKafka() {
        Map<String, Object> merged = TemporaConfig.withEnvironment(
                Map.of(), Map.of("TEMPORA_LOG_FORMAT", "json", "TEMPORA_LOG_LEVEL", "debug", "TEMPORA_GRACE_MS", "5"));
        assertThat(merged).containsOnlyKeys(TemporaConfig.GRACE_MS_CONFIG);
    }
}
