package io.tempora.schemas.serde;

import static io.tempora.schemas.serde.RegistryTestSupport.config;
import static io.tempora.schemas.serde.RegistryTestSupport.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tempora.schemas.Event;
import io.tempora.schemas.Samples;
import io.tempora.schemas.testing.RegistryDevExtension;
import io.tempora.schemas.testing.RegistryDevServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The reproducers of issue 21 as bytes: payloads that Avro's own decoder accepted silently (malformed UTF-8,
 * varints with bits beyond their width) or that exhausted the heap (millions of empty tensors) are each refused
 * as {@link CorruptPayloadException}.
 */
@ExtendWith(RegistryDevExtension.class)
class HostilePayloadRegistryTest {

    private static final int EMPTY_TENSORS = HostilePayloads.ISSUE_EMPTY_TENSORS;
    /** Blocks small enough that only the items' accumulated cost, not one block count, reaches the cap. */
    private static final int SMALL_BLOCK = 100;

    /** Far above what the capped decoding allocates, far below what the uncapped decoding did (OutOfMemory). */
    private static final long ALLOCATION_BOUND_BYTES = 64L << 20;

    private final RegistryDevServer server;

    HostilePayloadRegistryTest(RegistryDevServer server) {
        this.server = server;
    }

    @Test
    void invalidUtf8InAStringIsCorrupt() {
        String topic = uniqueTopic("hostile");
        int id = eventSchemaId(topic);
        // entityId "a\xffc"; eventTime 1; type "x"; no features; no attributes; eventId null
        byte[] stray = {0x06, 'a', (byte) 0xff, 'c', 0x02, 0x02, 'x', 0x00, 0x00, 0x00};
        // the UTF-16 surrogate U+D800 encoded as if a character
        byte[] surrogate = {0x06, (byte) 0xed, (byte) 0xa0, (byte) 0x80, 0x02, 0x02, 'x', 0x00, 0x00, 0x00};
        // entityId "a"; eventTime 1; type '/' in an overlong two-byte form; ...
        byte[] overlong = {0x02, 'a', 0x02, 0x04, (byte) 0xc0, (byte) 0xaf, 0x00, 0x00, 0x00};

        for (byte[] payload : new byte[][] {stray, surrogate, overlong}) {
            assertThatThrownBy(() -> deserializer().deserialize(topic, ConfluentWireFormat.frame(id, payload)))
                    .isInstanceOfSatisfying(CorruptPayloadException.class, e -> assertThat(e.reasonCode())
                            .isEqualTo("CORRUPT_PAYLOAD"))
                    .hasMessageContaining("not valid UTF-8");
        }
    }

    @Test
    void validMultiByteStringsStillRead() {
        String topic = uniqueTopic("hostile");
        Event event = Samples.event();
        event.setEntityId("kunde-ä€😀");
        EventSerializer serializer = new EventSerializer();
        serializer.configure(config(server.confluentApiUrl()), false);

        Event read = deserializer().deserialize(topic, serializer.serialize(topic, event));

        assertThat(read).isEqualTo(event);
    }

    @Test
    void anIntVarintWithBitsBeyond32IsCorruptNotTruncated() {
        String topic = uniqueTopic("hostile");
        int id = eventSchemaId(topic);
        byte[] plain = {0, 0, 0, 0, 0, 0};
        // The same event, but eventId's union index 0 written as 2^32 in five bytes.
        byte[] truncatedToZero = {0, 0, 0, 0, 0, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x10};

        assertThat(deserializer().deserialize(topic, ConfluentWireFormat.frame(id, plain)))
                .isNotNull();
        assertThatThrownBy(() -> deserializer().deserialize(topic, ConfluentWireFormat.frame(id, truncatedToZero)))
                .isInstanceOf(CorruptPayloadException.class)
                .hasMessageContaining("bits beyond 32");
    }

    @Test
    void overlongAndOverflowingLongsAndOutOfRangeUnionIndexesAreCorrupt() {
        String topic = uniqueTopic("hostile");
        int id = eventSchemaId(topic);
        byte[] elevenByteLong = {
            0,
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
            0x01,
            0,
            0,
            0,
            0
        };
        byte[] tenByteLongOverflowing = {
            0,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            0x02,
            0,
            0,
            0,
            0
        };
        byte[] overlongZero = {0, (byte) 0x80, 0x00, 0, 0, 0, 0};
        byte[] unionIndexTwo = {0, 0, 0, 0, 0, 0x04};
        byte[] unionIndexMinusOne = {0, 0, 0, 0, 0, 0x01};

        assertThatThrownBy(() -> deserializer().deserialize(topic, ConfluentWireFormat.frame(id, elevenByteLong)))
                .isInstanceOf(CorruptPayloadException.class)
                .hasMessageContaining("longer than 10 bytes or has bits beyond 64");
        assertThatThrownBy(
                        () -> deserializer().deserialize(topic, ConfluentWireFormat.frame(id, tenByteLongOverflowing)))
                .isInstanceOf(CorruptPayloadException.class)
                .hasMessageContaining("bits beyond 64");
        assertThatThrownBy(() -> deserializer().deserialize(topic, ConfluentWireFormat.frame(id, overlongZero)))
                .isInstanceOf(CorruptPayloadException.class)
                .hasMessageContaining("overlong");
        assertThatThrownBy(() -> deserializer().deserialize(topic, ConfluentWireFormat.frame(id, unionIndexTwo)))
                .isInstanceOf(CorruptPayloadException.class);
        assertThatThrownBy(() -> deserializer().deserialize(topic, ConfluentWireFormat.frame(id, unionIndexMinusOne)))
                .isInstanceOf(CorruptPayloadException.class)
                .hasMessageContaining("union branch index of -1");
    }

    @Test
    void millionsOfEmptyTensorsAreRefusedBeforeTheyExhaustTheHeap() throws IOException {
        String topic = uniqueTopic("hostile");
        ModelParametersSerializer serializer = new ModelParametersSerializer();
        serializer.configure(config(server.confluentApiUrl()), false);
        ModelParametersDeserializer deserializer = new ModelParametersDeserializer();
        deserializer.configure(config(server.confluentApiUrl()), false);
        byte[] good = serializer.serialize(topic, Samples.modelParameters());
        deserializer.deserialize(topic, good); // fetches the writer schema, so only decoding is measured below
        byte[] hostile = ConfluentWireFormat.frame(idOf(good), HostilePayloads.emptyTensors(EMPTY_TENSORS));
        assertThat(hostile.length).isGreaterThan(8_400_000);

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertThatThrownBy(() -> deserializer.deserialize(topic, hostile))
                .isInstanceOfSatisfying(CorruptPayloadException.class, e -> assertThat(e.reasonCode())
                        .isEqualTo("CORRUPT_PAYLOAD"))
                .hasMessageContaining("would allocate more than its cap of " + (16L << 20) + " bytes")
                .hasMessageContaining("max.record.allocation.bytes");
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(allocated).isLessThan(ALLOCATION_BOUND_BYTES);
    }

    @Test
    void millionsOfEmptyTensorsInSmallBlocksAreRefusedHavingAllocatedLittle() throws IOException {
        String topic = uniqueTopic("hostile");
        ModelParametersSerializer serializer = new ModelParametersSerializer();
        serializer.configure(config(server.confluentApiUrl()), false);
        ModelParametersDeserializer deserializer = new ModelParametersDeserializer();
        deserializer.configure(config(server.confluentApiUrl()), false);
        byte[] good = serializer.serialize(topic, Samples.modelParameters());
        deserializer.deserialize(topic, good);
        byte[] hostile =
                ConfluentWireFormat.frame(idOf(good), HostilePayloads.emptyTensors(EMPTY_TENSORS, SMALL_BLOCK));

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertThatThrownBy(() -> deserializer.deserialize(topic, hostile))
                .isInstanceOf(CorruptPayloadException.class)
                .hasMessageContaining("would allocate more than its cap");
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(allocated).isLessThan(ALLOCATION_BOUND_BYTES);
    }

    @Test
    void theCapIsConfigurable() {
        String topic = uniqueTopic("hostile");
        ModelParametersSerializer serializer = new ModelParametersSerializer();
        serializer.configure(config(server.confluentApiUrl()), false);
        byte[] good = serializer.serialize(topic, Samples.modelParameters());
        ModelParametersDeserializer tight = new ModelParametersDeserializer();
        tight.configure(config(server.confluentApiUrl(), "max.record.allocation.bytes", 256L), false);

        assertThat(new ModelParametersDeserializer().maxRecordAllocationBytes()).isEqualTo(16L << 20);
        assertThat(new EventDeserializer().maxRecordAllocationBytes()).isEqualTo(4L << 20);
        assertThatThrownBy(() -> tight.deserialize(topic, good))
                .isInstanceOf(CorruptPayloadException.class)
                .hasMessageContaining("cap of 256 bytes");
    }

    private int eventSchemaId(String topic) {
        EventSerializer serializer = new EventSerializer();
        serializer.configure(config(server.confluentApiUrl()), false);
        return idOf(serializer.serialize(topic, Samples.event()));
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
