package io.tempora.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tempora.schemas.Event;
import io.tempora.schemas.serde.registry.RegistryClientSettings;
import io.tempora.schemas.serde.registry.RegistryCredentials;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ConfluentAvroSerdeConfigTest {

    @Test
    void defaultsFollowConfluent() {
        ConfluentAvroSerdeConfig config = new ConfluentAvroSerdeConfig(Map.of("schema.registry.url", "http://r:8081"));

        assertThat(config.autoRegisterSchemas()).isTrue();
        assertThat(config.useLatestVersion()).isFalse();
        assertThat(config.useSchemaId()).isEmpty();
        assertThat(config.schemaSelection()).isEqualTo(new SchemaSelection.AutoRegister());
        assertThat(config.shadowedSchemaSelectionOptions()).isEmpty();
        assertThat(config.subjectNameStrategy(false)).isEqualTo(SubjectNameStrategies.TOPIC_NAME);
        RegistryClientSettings settings = config.clientSettings();
        assertThat(settings.credentials()).isEqualTo(RegistryCredentials.none());
        assertThat(settings.retry().maxRetries()).isEqualTo(3);
        assertThat(settings.latestVersionCacheTtl()).isEmpty();
        assertThat(config.removeJavaProperties()).isFalse();
    }

    @Test
    void aRegistryThatDoesNotAnswerHoldsACallerForSecondsNotMinutes() {
        RegistryClientSettings settings =
                new ConfluentAvroSerdeConfig(Map.of("schema.registry.url", "http://r:8081")).clientSettings();

        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.outageProbeInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void theOutageProbeIntervalAndJavaPropertyRemovalAreRead() {
        ConfluentAvroSerdeConfig config = new ConfluentAvroSerdeConfig(Map.of(
                "schema.registry.url",
                "http://r:8081",
                "outage.probe.interval.ms",
                "750",
                "avro.remove.java.properties",
                "true"));

        assertThat(config.clientSettings().outageProbeInterval()).isEqualTo(Duration.ofMillis(750));
        assertThat(config.removeJavaProperties()).isTrue();
    }

    @Test
    void severalUrlsTimeoutsAndRetriesAreRead() {
        RegistryClientSettings settings = new ConfluentAvroSerdeConfig(Map.of(
                        "schema.registry.url",
                        "http://a:1, https://b:2/apis/ccompat/v7",
                        "http.connect.timeout.ms",
                        "1500",
                        "http.read.timeout.ms",
                        2500,
                        "max.retries",
                        5,
                        "retries.wait.ms",
                        100,
                        "retries.max.wait.ms",
                        400,
                        "latest.cache.ttl.sec",
                        30))
                .clientSettings();

        assertThat(settings.baseUrls())
                .containsExactly(URI.create("http://a:1"), URI.create("https://b:2/apis/ccompat/v7"));
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(settings.retry().maxRetries()).isEqualTo(5);
        assertThat(settings.retry().backoff(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(settings.latestVersionCacheTtl()).contains(Duration.ofSeconds(30));
    }

    @Test
    void userInfoSourceGivesBasicCredentials() {
        RegistryClientSettings settings = new ConfluentAvroSerdeConfig(Map.of(
                        "schema.registry.url",
                        "http://r:8081",
                        "basic.auth.credentials.source",
                        "USER_INFO",
                        "basic.auth.user.info",
                        "alice:s3cret"))
                .clientSettings();

        assertThat(settings.credentials()).isEqualTo(new RegistryCredentials.Basic("alice:s3cret"));
        assertThat(settings.credentials().authorizationHeader()).contains("Basic YWxpY2U6czNjcmV0");
        assertThat(settings.credentials().toString()).doesNotContain("s3cret");
    }

    @Test
    void urlUserInfoIsMovedIntoTheHeaderAndStrippedFromTheUrl() {
        RegistryClientSettings settings = new ConfluentAvroSerdeConfig(
                        Map.of("schema.registry.url", "https://bob:pw@r.example:8443/apis/ccompat/v7"))
                .clientSettings();

        assertThat(settings.baseUrls()).containsExactly(URI.create("https://r.example:8443/apis/ccompat/v7"));
        assertThat(settings.credentials()).isEqualTo(new RegistryCredentials.Basic("bob:pw"));
    }

    @Test
    void staticBearerToken() {
        RegistryClientSettings settings = new ConfluentAvroSerdeConfig(Map.of(
                        "schema.registry.url",
                        "http://r:8081",
                        "bearer.auth.credentials.source",
                        "STATIC_TOKEN",
                        "bearer.auth.token",
                        "tok-123"))
                .clientSettings();

        assertThat(settings.credentials().authorizationHeader()).contains("Bearer tok-123");
    }

    @Test
    void inconsistentOrMissingSettingsAreRefusedWithTheKeyNamed() {
        assertThatThrownBy(() -> new ConfluentAvroSerdeConfig(Map.of()).clientSettings())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> new ConfluentAvroSerdeConfig(Map.of("schema.registry.url", "r:8081")).clientSettings())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http://");
        assertThatThrownBy(() -> new ConfluentAvroSerdeConfig(Map.of(
                                "schema.registry.url",
                                "http://r",
                                "basic.auth.credentials.source",
                                "USER_INFO",
                                "basic.auth.user.info",
                                "nocolon"))
                        .clientSettings())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("user:password")
                .hasMessageNotContaining("nocolon");
        assertThatThrownBy(() -> new ConfluentAvroSerdeConfig(Map.of(
                                "schema.registry.url", "http://r", "bearer.auth.credentials.source", "STATIC_TOKEN"))
                        .clientSettings())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bearer.auth.token");
        assertThatThrownBy(() -> new ConfluentAvroSerdeConfig(Map.of(
                                "schema.registry.url",
                                "http://u:p@r",
                                "bearer.auth.credentials.source",
                                "STATIC_TOKEN",
                                "bearer.auth.token",
                                "t"))
                        .clientSettings())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("choose one");
        assertThatThrownBy(() -> new ConfluentAvroSerdeConfig(
                        Map.of("schema.registry.url", "http://r", "basic.auth.credentials.source", "SASL_INHERIT")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("basic.auth.credentials.source");
    }

    @Test
    void subjectStrategiesAcceptConfluentClassNames() {
        ConfluentAvroSerdeConfig config = new ConfluentAvroSerdeConfig(Map.of(
                "key.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy",
                "value.subject.name.strategy", "TopicRecordNameStrategy"));

        assertThat(config.subjectNameStrategy(true).subject("events", true, Event.getClassSchema()))
                .isEqualTo("io.tempora.schemas.Event");
        assertThat(config.subjectNameStrategy(false).subject("events", false, Event.getClassSchema()))
                .isEqualTo("events-io.tempora.schemas.Event");
        assertThat(SubjectNameStrategies.TOPIC_NAME.subject("events", true, Event.getClassSchema()))
                .isEqualTo("events-key");
        assertThat(SubjectNameStrategies.TOPIC_NAME.subject("events", false, Event.getClassSchema()))
                .isEqualTo("events-value");
        assertThatThrownBy(() -> SubjectNameStrategies.parse("com.example.MyStrategy", "value.subject.name.strategy"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("value.subject.name.strategy");
    }

    @Test
    void schemaSelectionTakesTheFirstOptionSetInConfluentsOrder() {
        assertThat(selection("use.latest.version", true, "use.schema.id", 4))
                .isEqualTo(new SchemaSelection.AutoRegister());
        assertThat(selection("auto.register.schemas", false, "use.latest.version", true, "use.schema.id", 4))
                .isEqualTo(new SchemaSelection.FixedId(4, true));
        assertThat(selection("auto.register.schemas", false, "use.schema.id", 0, "id.compatibility.strict", false))
                .isEqualTo(new SchemaSelection.FixedId(0, false));
        assertThat(selection("auto.register.schemas", false, "use.latest.version", true))
                .isEqualTo(new SchemaSelection.LatestVersion(true));
        assertThat(selection(
                        "auto.register.schemas",
                        false,
                        "use.latest.version",
                        true,
                        "latest.compatibility.strict",
                        false))
                .isEqualTo(new SchemaSelection.LatestVersion(false));
        assertThat(selection("auto.register.schemas", false)).isEqualTo(new SchemaSelection.LookUp());
    }

    @Test
    void optionsShadowedByOneOfHigherPrecedenceAreNamed() {
        assertThat(config("use.latest.version", true, "use.schema.id", 4).shadowedSchemaSelectionOptions())
                .containsExactly("use.schema.id", "use.latest.version");
        assertThat(config("auto.register.schemas", false, "use.latest.version", true, "use.schema.id", 4)
                        .shadowedSchemaSelectionOptions())
                .containsExactly("use.latest.version");
        assertThat(config("auto.register.schemas", false, "use.latest.version", true)
                        .shadowedSchemaSelectionOptions())
                .isEmpty();
    }

    @Test
    void aSchemaIdBelowMinusOneIsRefused() {
        assertThatThrownBy(() -> config("use.schema.id", -2))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("use.schema.id");
    }

    private static SchemaSelection selection(Object... keyValues) {
        return config(keyValues).schemaSelection();
    }

    private static ConfluentAvroSerdeConfig config(Object... keyValues) {
        Map<String, Object> props = new java.util.HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new ConfluentAvroSerdeConfig(props);
    }

    @Test
    void recordCapAndUnknownIdMemoryDefaultToTheDeserializersOwnAndThirtySeconds() {
        ConfluentAvroSerdeConfig defaults = new ConfluentAvroSerdeConfig(Map.of());
        ConfluentAvroSerdeConfig set = new ConfluentAvroSerdeConfig(
                Map.of("max.record.allocation.bytes", "1024", "unknown.schema.id.cache.ttl.ms", "0"));

        assertThat(defaults.maxRecordAllocationBytes(4096)).isEqualTo(4096);
        assertThat(defaults.unknownSchemaIdCacheTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(set.maxRecordAllocationBytes(4096)).isEqualTo(1024);
        assertThat(set.unknownSchemaIdCacheTtl()).isZero();
        assertThatThrownBy(() -> new ConfluentAvroSerdeConfig(Map.of("max.record.allocation.bytes", "-2")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("max.record.allocation.bytes");
        assertThatThrownBy(() -> new ConfluentAvroSerdeConfig(Map.of("unknown.schema.id.cache.ttl.ms", "-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown.schema.id.cache.ttl.ms");
    }
}
