package io.tempora.schemas.serde;

import static io.tempora.schemas.serde.RegistryTestSupport.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.schemas.Event;
import io.tempora.schemas.serde.registry.CompatibilityLevel;
import io.tempora.schemas.serde.registry.HttpSchemaRegistryClient;
import io.tempora.schemas.serde.registry.RegistryClientSettings;
import io.tempora.schemas.testing.RawRegistry;
import io.tempora.schemas.testing.RegistryDevExtension;
import io.tempora.schemas.testing.RegistryDevServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dev registry's {@code GET /config} and {@code GET /config/{subject}} answer the compatibility level it
 * enforces, as Confluent's registry does: BACKWARD registry-wide and for a subject without a rule of its own, and a
 * subject's own level once set.
 */
@ExtendWith(RegistryDevExtension.class)
class CompatibilityConfigRegistryTest {

    private static final String LEVEL = "compatibilityLevel";

    private final RegistryDevServer server;
    private final RawRegistry raw;

    CompatibilityConfigRegistryTest(RegistryDevServer server) {
        this.server = server;
        this.raw = new RawRegistry(server.confluentApiUrl());
    }

    @Test
    void theRegistryWideLevelIsTheEnforcedBackward() {
        assertThat(raw.get("/config").path(LEVEL).asText()).isEqualTo("BACKWARD");
    }

    @Test
    void aSubjectWithoutItsOwnLevelAnswersTheRegistryWideOne() {
        String subject = uniqueTopic("config") + "-value";
        raw.register(subject, Event.getClassSchema());

        assertThat(raw.get("/config/" + subject).path(LEVEL).asText()).isEqualTo("BACKWARD");
    }

    @Test
    void aSubjectsOwnLevelIsAnsweredOnceSet() {
        String subject = uniqueTopic("config") + "-value";
        raw.register(subject, Event.getClassSchema());
        try (HttpSchemaRegistryClient client =
                new HttpSchemaRegistryClient(RegistryClientSettings.of(server.confluentApiUrl()))) {
            client.updateCompatibility(subject, CompatibilityLevel.FULL);
        }

        assertThat(raw.get("/config/" + subject).path(LEVEL).asText()).isEqualTo("FULL");
        assertThat(raw.get("/config").path(LEVEL).asText()).isEqualTo("BACKWARD");
    }
}
