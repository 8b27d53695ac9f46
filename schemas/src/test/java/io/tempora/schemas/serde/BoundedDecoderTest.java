package io.tempora.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

/**
 * {@link BoundedDecoder} reads every value Avro's own encoder writes, including the extremes of each width, and
 * {@link Utf8Validation} agrees with the JDK's strict UTF-8 decoder.
 */
class BoundedDecoderTest {

    private static final long NO_CAP = Long.MAX_VALUE;
    private static final int RANDOM_SEQUENCES = 200_000;

    @Test
    void readsWhatAvrosEncoderWritesAtTheExtremes() throws IOException {
        int[] ints = {0, 1, -1, 63, -64, 64, -65, 8191, 8192, Integer.MAX_VALUE, Integer.MIN_VALUE};
        long[] longs = {0, 1, -1, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L, Long.MAX_VALUE, Long.MIN_VALUE};
        double[] doubles = {0.0, -0.0, 1.5, Double.MAX_VALUE, Double.MIN_VALUE, Double.NaN, Double.NEGATIVE_INFINITY};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        for (int v : ints) {
            encoder.writeInt(v);
        }
        for (long v : longs) {
            encoder.writeLong(v);
        }
        for (double v : doubles) {
            encoder.writeDouble(v);
            encoder.writeFloat((float) v);
        }
        encoder.writeBoolean(true);
        encoder.writeBoolean(false);
        encoder.writeString("Grüße, 世界 😀");
        encoder.writeBytes(new byte[] {1, 2, 3});
        encoder.flush();
        byte[] bytes = out.toByteArray();

        BoundedDecoder decoder = new BoundedDecoder(bytes, 0, bytes.length, NO_CAP);

        for (int v : ints) {
            assertThat(decoder.readInt()).isEqualTo(v);
        }
        for (long v : longs) {
            assertThat(decoder.readLong()).isEqualTo(v);
        }
        for (double v : doubles) {
            // bit patterns, so that NaN equals NaN and -0.0 differs from 0.0
            assertThat(Double.doubleToLongBits(decoder.readDouble())).isEqualTo(Double.doubleToLongBits(v));
            assertThat(Float.floatToIntBits(decoder.readFloat())).isEqualTo(Float.floatToIntBits((float) v));
        }
        assertThat(decoder.readBoolean()).isTrue();
        assertThat(decoder.readBoolean()).isFalse();
        assertThat(decoder.readString()).isEqualTo("Grüße, 世界 😀");
        assertThat(decoder.readBytes(null)).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertThat(decoder.isEnd()).isTrue();
    }

    @Test
    void aBooleanOtherThanZeroOrOneIsCorrupt() {
        byte[] two = {2};

        assertThatThrownBy(() -> new BoundedDecoder(two, 0, 1, NO_CAP).readBoolean())
                .isInstanceOf(CorruptPayloadException.class)
                .hasMessageContaining("boolean is 2");
    }

    @Test
    void everyOneAndTwoByteSequenceIsJudgedAsTheJdksStrictDecoderJudgesIt() {
        for (int a = 0; a < 256; a++) {
            assertAgreesWithJdk(new byte[] {(byte) a});
            for (int b = 0; b < 256; b++) {
                assertAgreesWithJdk(new byte[] {(byte) a, (byte) b});
            }
        }
    }

    @Test
    void randomThreeToSixByteSequencesAreJudgedAsTheJdksStrictDecoderJudgesThem() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < RANDOM_SEQUENCES; i++) {
            byte[] bytes = new byte[3 + random.nextInt(4)];
            for (int k = 0; k < bytes.length; k++) {
                // Mostly lead and continuation bytes, where the hard cases are.
                bytes[k] = (byte) (random.nextBoolean() ? 0x80 + random.nextInt(0x80) : random.nextInt(256));
            }
            assertAgreesWithJdk(bytes);
        }
    }

    private static void assertAgreesWithJdk(byte[] bytes) {
        boolean jdkValid;
        CharsetDecoder strict = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer ignored = strict.decode(ByteBuffer.wrap(bytes));
            jdkValid = true;
        } catch (CharacterCodingException e) {
            jdkValid = false;
        }
        assertThat(Utf8Validation.firstInvalidIndex(bytes, 0, bytes.length) == Utf8Validation.VALID)
                .as("valid UTF-8: %s", java.util.HexFormat.of().formatHex(bytes))
                .isEqualTo(jdkValid);
    }
}
