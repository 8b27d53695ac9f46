package io.tempora.schemas.serde;

import static io.tempora.schemas.serde.RegistryTestSupport.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tempora.schemas.Samples;
import io.tempora.schemas.testing.CountingProxy;
import io.tempora.schemas.testing.RegistryDevExtension;
import io.tempora.schemas.testing.RegistryDevServer;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A stream of records with schema ids the registry does not know costs one registry request per id (within
 * {@code unknown.schema.id.cache.ttl.ms}), not one per record; counted by a {@link CountingProxy} in front of
 * the dev registry.
 */
@ExtendWith(RegistryDevExtension.class)
class UnknownSchemaIdCacheTest {

    private static final int RECORDS = 10_000;
    private static final int UNKNOWN_IDS = 10;
    /** Far above any id the dev registry hands out during a test run. */
    private static final int FIRST_UNKNOWN_ID = 900_000_000;

    private final RegistryDevServer server;
    private CountingProxy proxy;

    UnknownSchemaIdCacheTest(RegistryDevServer server) {
        this.server = server;
    }

    @BeforeEach
    void startProxy() throws IOException {
        proxy = new CountingProxy(server.baseUrl());
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    @Test
    void tenThousandRecordsCyclingThroughTenUnknownIdsAskTheRegistryOncePerId() {
        EventDeserializer deserializer = new EventDeserializer();
        deserializer.configure(config(proxy.confluentApiUrl()), false);
        byte[] avro = RegistryTestSupport.plainAvro(Samples.event());

        for (int i = 0; i < RECORDS; i++) {
            int id = FIRST_UNKNOWN_ID + i % UNKNOWN_IDS;
            byte[] record = ConfluentWireFormat.frame(id, avro);
            assertThatThrownBy(() -> deserializer.deserialize("events", record))
                    .isInstanceOfSatisfying(UnknownSchemaIdException.class, e -> assertThat(e.schemaId())
                            .isEqualTo(id));
        }

        assertThat(proxy.requests()).hasSize(UNKNOWN_IDS);
        assertThat((double) proxy.requests().size() / RECORDS).isLessThanOrEqualTo(0.01);
    }

    @Test
    void aTtlOfZeroAsksForEveryRecord() {
        EventDeserializer deserializer = new EventDeserializer();
        deserializer.configure(config(proxy.confluentApiUrl(), "unknown.schema.id.cache.ttl.ms", 0L), false);
        byte[] record = ConfluentWireFormat.frame(FIRST_UNKNOWN_ID, RegistryTestSupport.plainAvro(Samples.event()));

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> deserializer.deserialize("events", record))
                    .isInstanceOf(UnknownSchemaIdException.class);
        }

        assertThat(proxy.requests()).hasSize(3);
    }

    @Test
    void aRememberedAnswerSaysSo() {
        EventDeserializer deserializer = new EventDeserializer();
        deserializer.configure(config(proxy.confluentApiUrl()), false);
        byte[] record = ConfluentWireFormat.frame(FIRST_UNKNOWN_ID, RegistryTestSupport.plainAvro(Samples.event()));
        assertThatThrownBy(() -> deserializer.deserialize("events", record))
                .isInstanceOf(UnknownSchemaIdException.class);

        assertThatThrownBy(() -> deserializer.deserialize("events", record))
                .isInstanceOf(UnknownSchemaIdException.class)
                .hasMessageContaining("Schema id " + FIRST_UNKNOWN_ID + " is not known")
                .hasMessageContaining("remembered for unknown.schema.id.cache.ttl.ms");
    }
}
