package io.tempora.schemas.serde;

import static io.tempora.schemas.serde.RegistryTestSupport.config;
import static io.tempora.schemas.serde.RegistryTestSupport.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.tempora.schemas.Samples;
import io.tempora.schemas.testing.RegistryDevExtension;
import io.tempora.schemas.testing.RegistryDevServer;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A seeded fuzz loop over damaged {@code Event} and {@code ModelParameters} records (truncations, byte
 * replacements, insertions, deletions, huge varints, random bytes, unknown schema ids): every call either reads
 * a value (a damage can land on another valid value; Avro has no checksum) or raises a
 * {@link SchemaSerdeException} with a reason code, and none allocates more than twice the record cap. Anything
 * else (another exception, an {@link Error}) fails the test with the seed's payload in hex.
 */
@ExtendWith(RegistryDevExtension.class)
class HostilePayloadFuzzTest {

    private static final long SEED = 20261202L;
    /** Damaged records per type: a few seconds of decoding, deterministic for the seed. */
    private static final int CASES_PER_TYPE = 10_000;

    private static final int UNKNOWN_ID_BASE = 800_000_000;
    private static final int UNKNOWN_IDS = 4;
    private static final byte[][] HUGE_VARINTS = {
        {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x10},
        {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x0f},
        {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x07},
        {
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            (byte) 0xff,
            0x01
        },
        {
            (byte) 0x80,
            (byte) 0x80,
            (byte) 0x80,
            (byte) 0x80,
            (byte) 0x80,
            (byte) 0x80,
            (byte) 0x80,
            (byte) 0x80,
            (byte) 0x80,
            (byte) 0x80,
            0x01
        },
        {(byte) 0x80, 0x00},
    };

    private final RegistryDevServer server;

    HostilePayloadFuzzTest(RegistryDevServer server) {
        this.server = server;
    }

    @Test
    void everyDamagedEventIsReadOrRefusedWithAReasonCode() {
        String topic = uniqueTopic("fuzz");
        EventSerializer serializer = new EventSerializer();
        serializer.configure(config(server.confluentApiUrl()), false);
        EventDeserializer deserializer = new EventDeserializer();
        deserializer.configure(config(server.confluentApiUrl()), false);

        fuzz(
                topic,
                serializer.serialize(topic, Samples.event()),
                deserializer,
                deserializer.maxRecordAllocationBytes());
    }

    @Test
    void everyDamagedModelParametersIsReadOrRefusedWithAReasonCode() {
        String topic = uniqueTopic("fuzz");
        ModelParametersSerializer serializer = new ModelParametersSerializer();
        serializer.configure(config(server.confluentApiUrl()), false);
        ModelParametersDeserializer deserializer = new ModelParametersDeserializer();
        deserializer.configure(config(server.confluentApiUrl()), false);

        fuzz(
                topic,
                serializer.serialize(topic, Samples.modelParameters()),
                deserializer,
                deserializer.maxRecordAllocationBytes());
    }

    private static void fuzz(String topic, byte[] good, Deserializer<?> deserializer, long cap) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SplittableRandom random = new SplittableRandom(SEED);
        deserializer.deserialize(topic, good);
        int refused = 0;
        for (int i = 0; i < CASES_PER_TYPE; i++) {
            byte[] bad = damage(good, random);
            long before = threads.getCurrentThreadAllocatedBytes();
            try {
                deserializer.deserialize(topic, bad);
            } catch (SchemaSerdeException e) {
                assertThat(e.reasonCode()).as("reason code of %s", e).isNotBlank();
                refused++;
            } catch (Throwable t) {
                fail("case " + i + " threw " + t + " for " + HexFormat.of().formatHex(bad), t);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(allocated)
                    .as("bytes allocated by case %d: %s", i, HexFormat.of().formatHex(bad))
                    .isLessThan(2 * cap + bad.length);
        }
        // Most damage is detectable: a loop that refused nothing would be testing nothing.
        assertThat(refused).isGreaterThan(CASES_PER_TYPE / 2);
    }

    /** {@code good} damaged in one of several ways; the 5-byte header is kept unless the id is replaced. */
    private static byte[] damage(byte[] good, SplittableRandom random) {
        int header = ConfluentWireFormat.HEADER_LENGTH;
        int at = header + random.nextInt(good.length - header);
        switch (random.nextInt(8)) {
            case 0: // truncation
                return Arrays.copyOf(good, header + random.nextInt(good.length - header));
            case 1: { // one to four byte replacements
                byte[] bad = good.clone();
                int n = 1 + random.nextInt(4);
                for (int k = 0; k < n; k++) {
                    bad[header + random.nextInt(good.length - header)] = (byte) random.nextInt(256);
                }
                return bad;
            }
            case 2: { // insertion of random bytes
                byte[] extra = new byte[1 + random.nextInt(8)];
                for (int k = 0; k < extra.length; k++) {
                    extra[k] = (byte) random.nextInt(256);
                }
                return splice(good, at, 0, extra);
            }
            case 3: // deletion
                return splice(good, at, 1 + random.nextInt(Math.min(8, good.length - at)), new byte[0]);
            case 4: // a huge or overlong varint replacing one byte
                return splice(good, at, 1, HUGE_VARINTS[random.nextInt(HUGE_VARINTS.length)]);
            case 5: { // random Avro bytes after a valid header
                byte[] bad = Arrays.copyOf(good, header + random.nextInt(64));
                for (int k = header; k < bad.length; k++) {
                    bad[k] = (byte) random.nextInt(256);
                }
                return bad;
            }
            case 6: { // one bit flipped
                byte[] bad = good.clone();
                bad[at] ^= (byte) (1 << random.nextInt(8));
                return bad;
            }
            default: { // an unknown schema id
                byte[] bad = good.clone();
                ByteBuffer.wrap(bad, 1, 4).putInt(UNKNOWN_ID_BASE + random.nextInt(UNKNOWN_IDS));
                return bad;
            }
        }
    }

    private static byte[] splice(byte[] bytes, int at, int remove, byte[] insert) {
        byte[] out = new byte[bytes.length - remove + insert.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(bytes, at + remove, out, at + insert.length, bytes.length - at - remove);
        return out;
    }
}
