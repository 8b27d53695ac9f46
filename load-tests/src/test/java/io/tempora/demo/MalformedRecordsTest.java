package io.tempora.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tempora.schemas.Event;
import io.tempora.schemas.serde.CorruptPayloadException;
import io.tempora.streams.TemporaConfig;
import io.tempora.streams.processor.DeadLetterReason;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class MalformedRecordsTest {

    private static final long LATEST_MS = 1_800_000_000_000L;

    @Test
    void theRotationSendsEveryKindAndEachExpectsAReasonTheAppGives() {
        Set<MalformedRecords.Kind> seen = new HashSet<>();
        for (long n = 0; n < MalformedRecords.Kind.values().length; n++) {
            seen.add(MalformedRecords.kind(n));
        }
        assertThat(seen).containsExactlyInAnyOrder(MalformedRecords.Kind.values());
        for (MalformedRecords.Kind k : MalformedRecords.Kind.values()) {
            boolean appReason = Arrays.stream(DeadLetterReason.values())
                    .anyMatch(r -> r.name().equals(k.expectedReason()));
            assertThat(appReason || k.expectedReason().equals(CorruptPayloadException.REASON_CODE))
                    .as(k + " expects " + k.expectedReason())
                    .isTrue();
        }
    }

    @Test
    void corruptKeepsTheWireHeaderAndItsBodyIsNotAnEvent() throws Exception {
        Event good = MalformedRecords.event("entity-0001", LATEST_MS, "view", "entity-0001-7");
        byte[] wire = wire(7, good);

        byte[] bad = MalformedRecords.corrupt(wire);

        assertThat(Arrays.copyOf(bad, MalformedRecords.WIRE_HEADER_BYTES))
                .isEqualTo(Arrays.copyOf(wire, MalformedRecords.WIRE_HEADER_BYTES));
        byte[] body = Arrays.copyOfRange(bad, MalformedRecords.WIRE_HEADER_BYTES, bad.length);
        assertThatThrownBy(() -> new SpecificDatumReader<>(Event.class)
                        .read(null, DecoderFactory.get().binaryDecoder(body, null)))
                .hasMessageContaining("negative");
        // the same reader decodes the good body, so the failure is the body's
        byte[] goodBody = Arrays.copyOfRange(wire, MalformedRecords.WIRE_HEADER_BYTES, wire.length);
        assertThat(new SpecificDatumReader<>(Event.class)
                        .read(null, DecoderFactory.get().binaryDecoder(goodBody, null)))
                .isEqualTo(good);
    }

    @Test
    void corruptRefusesAValueThatIsNotInTheWireFormat() {
        assertThatThrownBy(() -> MalformedRecords.corrupt(new byte[] {1, 0, 0, 0, 7, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("magic byte");
    }

    @Test
    void lateIsOlderThanTheLatestByMoreThanTheAppsDefaultGrace() {
        Event late = MalformedRecords.late("entity-0003", LATEST_MS, "view", 4);

        assertThat(LATEST_MS - late.getEventTime().toEpochMilli()).isGreaterThan(TemporaConfig.DEFAULT_GRACE_MS);
        assertThat(late.getEntityId()).isEqualTo("entity-0003");
    }

    @Test
    void unknownTypeIsNotOneOfTheDemosTypes() {
        Event e = MalformedRecords.unknownType("entity-0003", LATEST_MS, 2);

        assertThat(Demo.TYPES.idOrMinusOne(e.getType())).isEqualTo(-1);
        assertThat(e.getEventTime().toEpochMilli()).isEqualTo(LATEST_MS);
    }

    /** The Confluent wire format: magic byte 0, the schema id big-endian, the Avro body. */
    private static byte[] wire(int schemaId, Event event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {
            0, (byte) (schemaId >>> 24), (byte) (schemaId >>> 16), (byte) (schemaId >>> 8), (byte) schemaId
        });
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(Event.class).write(event, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
