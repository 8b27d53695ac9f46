package io.tempora.schemas.serde;

import static io.tempora.schemas.serde.RegistryTestSupport.config;
import static io.tempora.schemas.serde.RegistryTestSupport.plainAvro;
import static io.tempora.schemas.serde.RegistryTestSupport.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tempora.schemas.Samples;
import io.tempora.schemas.testing.RawRegistry;
import io.tempora.schemas.testing.RegistryDevExtension;
import io.tempora.schemas.testing.RegistryDevServer;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every record type through its Kafka serde and the real registry: the bytes are exactly the Confluent wire
 * format, the id is the one the registry assigned, and a deserializer with cold caches reads the record back.
 */
@ExtendWith(RegistryDevExtension.class)
class RoundTripRegistryTest {

    private final RegistryDevServer server;
    private final RawRegistry raw;

    RoundTripRegistryTest(RegistryDevServer server) {
        this.server = server;
        this.raw = new RawRegistry(server.confluentApiUrl());
    }

    @Test
    void eventRoundTripsInConfluentWireFormat() {
        assertRoundTrip(EventSerde::new, Samples.event());
    }

    @Test
    void predictionRoundTripsInConfluentWireFormat() {
        assertRoundTrip(PredictionSerde::new, Samples.prediction());
    }

    @Test
    void modelParametersRoundTripInConfluentWireFormat() {
        assertRoundTrip(ModelParametersSerde::new, Samples.modelParameters());
    }

    @Test
    void deadLetterRoundTripsInConfluentWireFormat() {
        assertRoundTrip(DeadLetterSerde::new, Samples.deadLetter());
    }

    @Test
    void keySerdeUsesTheKeySubject() {
        String topic = uniqueTopic("keys");
        try (EventSerde serde = new EventSerde()) {
            serde.configure(config(server.confluentApiUrl()), true);
            byte[] bytes = serde.serializer().serialize(topic, Samples.event());
            assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt())
                    .isEqualTo(raw.latest(topic + "-key").get("id").asInt());
        }
    }

    @Test
    void nullIsATombstoneBothWays() {
        try (EventSerde serde = new EventSerde()) {
            serde.configure(config(server.confluentApiUrl()), false);
            assertThat(serde.serializer().serialize("events", null)).isNull();
            assertThat(serde.deserializer().deserialize("events", null)).isNull();
        }
    }

    private <T extends SpecificRecord> void assertRoundTrip(
            Supplier<? extends ConfluentAvroSerde<T>> serdes, T record) {
        String topic = uniqueTopic("roundtrip");
        // Separate serde instances, hence separate clients: the reader must fetch the writer schema by id.
        try (ConfluentAvroSerde<T> writer = serdes.get();
                ConfluentAvroSerde<T> reader = serdes.get()) {
            writer.configure(config(server.confluentApiUrl()), false);
            reader.configure(config(server.confluentApiUrl()), false);

            byte[] bytes = writer.serializer().serialize(topic, record);

            assertThat(bytes[0]).as("magic byte").isEqualTo((byte) 0);
            int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
            JsonNode registered = raw.latest(topic + "-value");
            assertThat(id)
                    .as("schema id in header")
                    .isEqualTo(registered.get("id").asInt());
            assertThat(registered.get("version").asInt()).isEqualTo(1);
            assertThat(new Schema.Parser().parse(registered.get("schema").asText()))
                    .isEqualTo(record.getSchema());
            assertThat(Arrays.copyOfRange(bytes, 5, bytes.length))
                    .as("Avro binary after the header")
                    .isEqualTo(plainAvro(record));

            T back = reader.deserializer().deserialize(topic, bytes);
            assertThat(back).isEqualTo(record);
            assertThat(back.getClass()).isEqualTo(record.getClass());
        }
    }
}
