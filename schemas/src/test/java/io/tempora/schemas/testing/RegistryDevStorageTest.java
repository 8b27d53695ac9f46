package io.tempora.schemas.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tempora.schemas.Samples;
import io.tempora.schemas.serde.ConfluentWireFormat;
import io.tempora.schemas.serde.EventDeserializer;
import io.tempora.schemas.serde.EventSerializer;
import io.tempora.schemas.serde.IncompatibleSchemaException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dev registry's storage option. With a storage directory an id survives a restart: an event written before
 * it still reads as that event, and a schema registered after it gets a new id, not a reused one. In memory, a
 * restart counts the ids from the start again, so an old payload's id names whatever was registered first after
 * the restart: here another record, and the old event reads as {@code INCOMPATIBLE_SCHEMA}.
 */
class RegistryDevStorageTest {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);
    private static final String TOPIC = "events";
    private static final Schema OTHER = SchemaBuilder.record("Other")
            .namespace("io.tempora.test")
            .fields()
            .requiredLong("b")
            .endRecord();

    @TempDir
    Path work;

    @Test
    void withAStorageDirectoryAnIdSurvivesARestart() {
        Optional<Path> storage = Optional.of(work.resolve("storage"));
        byte[] written;
        try (RegistryDevServer registry = start(storage)) {
            written = serializer(registry).serialize(TOPIC, Samples.event());
        }
        int id = ConfluentWireFormat.parse(written, TOPIC).schemaId();

        try (RegistryDevServer restarted = start(storage)) {
            assertThat(deserializer(restarted).deserialize(TOPIC, written)).isEqualTo(Samples.event());
            assertThat(serializer(restarted).serialize(TOPIC, Samples.event()))
                    .as("registering the same schema again")
                    .isEqualTo(written);
            assertThat(new RawRegistry(restarted.confluentApiUrl()).register("other-value", OTHER))
                    .as("a new schema's id")
                    .isNotEqualTo(id);
        }
    }

    @Test
    void inMemoryTheIdsStartAgainAndAnOldPayloadNamesAnotherSchema() {
        byte[] written;
        try (RegistryDevServer registry = start(Optional.empty())) {
            written = serializer(registry).serialize(TOPIC, Samples.event());
        }
        int id = ConfluentWireFormat.parse(written, TOPIC).schemaId();

        try (RegistryDevServer restarted = start(Optional.empty())) {
            assertThat(new RawRegistry(restarted.confluentApiUrl()).register("other-value", OTHER))
                    .as("the old id now names another schema")
                    .isEqualTo(id);
            assertThatThrownBy(() -> deserializer(restarted).deserialize(TOPIC, written))
                    .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> assertThat(e.reasonCode())
                            .isEqualTo("INCOMPATIBLE_SCHEMA"));
        }
    }

    private RegistryDevServer start(Optional<Path> storage) {
        Path jar = Path.of(System.getProperty(
                RegistryDevExtension.JAR_PROPERTY,
                "../deploy/registry-dev/target/registry-dev-0.1.0-SNAPSHOT-runner.jar"));
        return RegistryDevServer.start(jar, work.resolve("logs"), STARTUP_TIMEOUT, storage);
    }

    private static EventSerializer serializer(RegistryDevServer registry) {
        EventSerializer serializer = new EventSerializer();
        serializer.configure(Map.of("schema.registry.url", registry.confluentApiUrl()), false);
        return serializer;
    }

    private static EventDeserializer deserializer(RegistryDevServer registry) {
        EventDeserializer deserializer = new EventDeserializer();
        deserializer.configure(Map.of("schema.registry.url", registry.confluentApiUrl()), false);
        return deserializer;
    }
}
