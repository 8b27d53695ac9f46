package io.tempora.schemas.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dev registry's storage option: with a storage directory an id survives a restart (the old id still names
 * its schema, and a schema registered after the restart gets a new id, not a reused one); in memory, a restart
 * starts the ids again, so an old id names nothing or another schema.
 */
class RegistryDevStorageTest {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);
    private static final Schema FIRST = SchemaBuilder.record("First")
            .namespace("io.tempora.test")
            .fields()
            .requiredString("a")
            .endRecord();
    private static final Schema SECOND = SchemaBuilder.record("Second")
            .namespace("io.tempora.test")
            .fields()
            .requiredLong("b")
            .endRecord();

    @TempDir
    Path work;

    @Test
    void withAStorageDirectoryAnIdSurvivesARestart() {
        Optional<Path> storage = Optional.of(work.resolve("storage"));
        int firstId;
        try (RegistryDevServer registry = start(storage)) {
            firstId = new RawRegistry(registry.confluentApiUrl()).register("first-value", FIRST);
        }

        try (RegistryDevServer restarted = start(storage)) {
            RawRegistry raw = new RawRegistry(restarted.confluentApiUrl());
            assertThat(raw.schemaById(firstId)).isEqualTo(FIRST);
            assertThat(raw.register("first-value", FIRST))
                    .as("registering it again")
                    .isEqualTo(firstId);
            assertThat(raw.register("second-value", SECOND))
                    .as("a new schema's id")
                    .isNotEqualTo(firstId);
        }
    }

    @Test
    void inMemoryTheIdsStartAgainAfterARestart() {
        int firstId;
        try (RegistryDevServer registry = start(Optional.empty())) {
            firstId = new RawRegistry(registry.confluentApiUrl()).register("first-value", FIRST);
        }

        try (RegistryDevServer restarted = start(Optional.empty())) {
            RawRegistry raw = new RawRegistry(restarted.confluentApiUrl());
            assertThat(raw.register("second-value", SECOND))
                    .as("the old id now names another schema")
                    .isEqualTo(firstId);
        }
    }

    private RegistryDevServer start(Optional<Path> storage) {
        Path jar = Path.of(System.getProperty(
                RegistryDevExtension.JAR_PROPERTY,
                "../deploy/registry-dev/target/registry-dev-0.1.0-SNAPSHOT-runner.jar"));
        return RegistryDevServer.start(jar, work.resolve("logs"), STARTUP_TIMEOUT, storage);
    }
}
