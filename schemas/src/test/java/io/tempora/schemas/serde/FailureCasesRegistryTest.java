package io.tempora.schemas.serde;

import static io.tempora.schemas.serde.RegistryTestSupport.config;
import static io.tempora.schemas.serde.RegistryTestSupport.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tempora.schemas.Samples;
import io.tempora.schemas.testing.RegistryDevExtension;
import io.tempora.schemas.testing.RegistryDevServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The failures the streams application routes to the dead-letter topic each raise their own exception type
 * with their own reason code: corrupt bytes, an unknown magic byte, an unknown schema id, and a writer schema the
 * reader cannot resolve. An unreachable registry is not one of them: {@link RegistryOutageTest}.
 */
@ExtendWith(RegistryDevExtension.class)
class FailureCasesRegistryTest {

    private final RegistryDevServer server;

    FailureCasesRegistryTest(RegistryDevServer server) {
        this.server = server;
    }

    @Test
    void truncatedPayloadIsCorrupt() {
        String topic = uniqueTopic("failures");
        byte[] good = serializeEvent(topic);
        byte[] truncated = Arrays.copyOf(good, good.length - 4);

        assertThatThrownBy(() -> deserializer().deserialize(topic, truncated))
                .isInstanceOfSatisfying(CorruptPayloadException.class, e -> assertThat(e.reasonCode())
                        .isEqualTo("CORRUPT_PAYLOAD"))
                .hasMessageContaining(topic)
                .hasMessageContaining("schema id " + idOf(good));
    }

    @Test
    void trailingBytesAreCorrupt() {
        String topic = uniqueTopic("failures");
        byte[] good = serializeEvent(topic);
        byte[] longer = Arrays.copyOf(good, good.length + 1);

        assertThatThrownBy(() -> deserializer().deserialize(topic, longer))
                .isInstanceOf(CorruptPayloadException.class)
                .hasMessageContaining("bytes left");
    }

    @Test
    void garbageAfterAValidHeaderIsCorrupt() {
        String topic = uniqueTopic("failures");
        int id = idOf(serializeEvent(topic));
        byte[] garbage = ConfluentWireFormat.frame(id, new byte[] {
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff
        });

        assertThatThrownBy(() -> deserializer().deserialize(topic, garbage))
                .isInstanceOf(CorruptPayloadException.class);
    }

    @Test
    void impossibleLengthIsCorruptBeforeAnythingIsAllocated() {
        String topic = uniqueTopic("failures");
        int id = idOf(serializeEvent(topic));
        // entityId's length prefix claims 1.5e9 bytes (zig-zag varint), followed by three bytes of "content".
        byte[] payload = {(byte) 0x80, (byte) 0xbc, (byte) 0xc1, (byte) 0x96, 0x0b, 'a', 'b', 'c'};

        assertThatThrownBy(() -> deserializer().deserialize(topic, ConfluentWireFormat.frame(id, payload)))
                .isInstanceOf(CorruptPayloadException.class)
                .hasMessageContaining("string length of 1500000000")
                .hasMessageContaining("only 3 bytes are left");
    }

    @Test
    void fewerBytesThanTheHeaderAreCorrupt() {
        assertThatThrownBy(() -> deserializer().deserialize("events", new byte[] {0, 0, 1}))
                .isInstanceOf(CorruptPayloadException.class)
                .hasMessageContaining("3 bytes");
    }

    @Test
    void unknownMagicByteIsReportedAsSuch() {
        byte[] json = "{\"entityId\":\"customer-42\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> deserializer().deserialize("events", json))
                .isInstanceOfSatisfying(UnknownMagicByteException.class, e -> {
                    assertThat(e.magicByte()).isEqualTo((byte) '{');
                    assertThat(e.reasonCode()).isEqualTo("UNKNOWN_MAGIC_BYTE");
                })
                .hasMessageContaining("0x7b");
    }

    @Test
    void unknownSchemaIdIsReportedAsSuch() {
        byte[] bytes = ConfluentWireFormat.frame(987_654, RegistryTestSupport.plainAvro(Samples.event()));

        assertThatThrownBy(() -> deserializer().deserialize("events", bytes))
                .isInstanceOfSatisfying(UnknownSchemaIdException.class, e -> {
                    assertThat(e.schemaId()).isEqualTo(987_654);
                    assertThat(e.reasonCode()).isEqualTo("UNKNOWN_SCHEMA_ID");
                })
                .hasMessageContaining("987654");
    }

    @Test
    void writerSchemaOfAnotherTypeIsIncompatibleWithTheReader() {
        String topic = uniqueTopic("failures");
        DeadLetterSerializer serializer = new DeadLetterSerializer();
        serializer.configure(config(server.confluentApiUrl()), false);
        byte[] deadLetter = serializer.serialize(topic, Samples.deadLetter());

        assertThatThrownBy(() -> deserializer().deserialize(topic, deadLetter))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("cannot be read as io.tempora.schemas.Event");
    }

    private byte[] serializeEvent(String topic) {
        EventSerializer serializer = new EventSerializer();
        serializer.configure(config(server.confluentApiUrl()), false);
        return serializer.serialize(topic, Samples.event());
    }

    private EventDeserializer deserializer() {
        EventDeserializer deserializer = new EventDeserializer();
        deserializer.configure(config(server.confluentApiUrl()), false);
        return deserializer;
    }

    private static int idOf(byte[] framed) {
        return ByteBuffer.wrap(framed, 1, 4).getInt();
    }
}
