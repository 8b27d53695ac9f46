package io.tempora.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.bench.serde.CorruptPayloads;
import io.tempora.schemas.Event;
import io.tempora.schemas.serde.ConfluentWireFormat;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/** The seeded corrupt mix: reproducible, every payload differs from its source, the kinds in turn. */
class CorruptPayloadsTest {

    @Test
    void theSameSeedGivesTheSameBytesAndEveryPayloadIsDamaged() throws Exception {
        List<byte[]> valid = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            valid.add(ConfluentWireFormat.frame(7, avro(SerdeBench.event(i))));
        }

        List<byte[]> first = CorruptPayloads.mix(valid, 21);
        List<byte[]> second = CorruptPayloads.mix(valid, 21);

        for (int i = 0; i < valid.size(); i++) {
            assertThat(first.get(i)).isEqualTo(second.get(i));
            assertThat(Arrays.equals(first.get(i), valid.get(i)))
                    .as("payload %d", i)
                    .isFalse();
            switch (CorruptPayloads.kindOf(i)) {
                case TRUNCATION ->
                    assertThat(first.get(i).length)
                            .isLessThan(valid.get(i).length)
                            .isPositive();
                case UNKNOWN_MAGIC_BYTE -> assertThat(first.get(i)[0]).isNotEqualTo(ConfluentWireFormat.MAGIC_BYTE);
                case INVALID_UTF8 -> assertThat(first.get(i)).hasSameSizeAs(valid.get(i));
                case OVERFLOWING_VARINT -> assertThat(first.get(i).length).isGreaterThan(valid.get(i).length);
            }
        }
    }

    private static byte[] avro(Event event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<Event>(Event.getClassSchema()).write(event, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
