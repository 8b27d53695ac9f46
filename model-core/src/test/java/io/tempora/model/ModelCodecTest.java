package io.tempora.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tempora.data.TypeVocabulary;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCodecTest {

    private static EventModel sample() {
        ModelArchitecture a = new ModelArchitecture(5, 7, 3, 2, 2);
        FeatureStatistics fs =
                new FeatureStatistics(List.of("amount", "items"), new double[] {12.5, 3}, new double[] {4.25, 1.5});
        return EventModel.create(a, 60_000.0, TypeVocabulary.of("buy", "view"), fs, "v42", 7);
    }

    @Test
    void roundTripIsBitExact() {
        EventModel m = sample();
        byte[] bytes = ModelCodec.encode(m);
        EventModel back = ModelCodec.decode(bytes);
        assertThat(back.architecture()).isEqualTo(m.architecture());
        assertThat(back.timeUnit()).isEqualTo(m.timeUnit());
        assertThat(back.types()).isEqualTo(m.types());
        assertThat(back.features()).isEqualTo(m.features());
        assertThat(back.version()).isEqualTo("v42");
        assertThat(back.parameters().sameLayout(m.parameters())).isTrue();
        double[] a = m.parameters().values();
        double[] b = back.parameters().values();
        for (int i = 0; i < a.length; i++) {
            assertThat(Double.doubleToRawLongBits(b[i]))
                    .as("parameter %d", i)
                    .isEqualTo(Double.doubleToRawLongBits(a[i]));
        }
        assertThat(ModelCodec.encode(back)).isEqualTo(bytes);
    }

    @Test
    void wrongMagicIsRefused() {
        byte[] bytes = ModelCodec.encode(sample());
        bytes[0] = 'X';
        assertReason(bytes, ModelFormatException.Reason.BAD_MAGIC, "not a model");
        assertReason(new byte[3], ModelFormatException.Reason.BAD_MAGIC, "magic");
    }

    @Test
    void unknownFormatVersionIsRefused() {
        byte[] bytes = ModelCodec.encode(sample());
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(ModelCodec.MAGIC.length, 99);
        assertReason(bytes, ModelFormatException.Reason.UNSUPPORTED_VERSION, "format version 99");
    }

    @Test
    void truncatedInputIsRefused() {
        byte[] bytes = ModelCodec.encode(sample());
        assertReason(Arrays.copyOf(bytes, bytes.length - 1), ModelFormatException.Reason.TRUNCATED, "cut off");
        assertReason(Arrays.copyOf(bytes, 100), ModelFormatException.Reason.TRUNCATED, "cut off");
        assertReason(Arrays.copyOf(bytes, 12), ModelFormatException.Reason.TRUNCATED, "header");
    }

    @Test
    void corruptedBytesAreRefusedByTheChecksum() {
        byte[] bytes = ModelCodec.encode(sample());
        for (int pos : new int[] {30, bytes.length / 2, bytes.length - 9, bytes.length - 1}) {
            byte[] bad = bytes.clone();
            bad[pos] ^= 0x10;
            assertReason(bad, ModelFormatException.Reason.CHECKSUM_MISMATCH, "corrupted");
        }
    }

    @Test
    void aLayoutThatDoesNotMatchTheArchitectureIsRefused() {
        // Rewrite a valid model with a renamed tensor and a fresh checksum: only the layout check can catch it.
        byte[] bytes = ModelCodec.encode(sample());
        String s = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = s.indexOf("jump.hh.weight");
        assertThat(at).isPositive();
        bytes[at] = 'J';
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length - 4, (int) crc.getValue());
        assertReason(bytes, ModelFormatException.Reason.LAYOUT_MISMATCH, "Jump.hh.weight");
    }

    private static void assertReason(byte[] bytes, ModelFormatException.Reason reason, String text) {
        assertThatThrownBy(() -> ModelCodec.decode(bytes))
                .isInstanceOfSatisfying(
                        ModelFormatException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(text);
    }
}
