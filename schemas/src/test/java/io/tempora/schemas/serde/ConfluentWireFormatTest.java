package io.tempora.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConfluentWireFormatTest {

    @Test
    void frameWritesMagicByteThenBigEndianIdThenPayload() {
        byte[] framed = ConfluentWireFormat.frame(0x01020304, new byte[] {9, 8});

        assertThat(framed).containsExactly(0, 1, 2, 3, 4, 9, 8);
    }

    @Test
    void parseReadsTheIdBack() {
        ConfluentWireFormat.Frame frame = ConfluentWireFormat.parse(new byte[] {0, 0, 0, 1, 0x2c, 7}, "t");

        assertThat(frame.schemaId()).isEqualTo(300);
        assertThat(frame.payloadOffset()).isEqualTo(5);
        assertThat(frame.payloadLength()).isEqualTo(1);
    }

    @Test
    void negativeIdsSurviveTheRoundTrip() {
        // The id is a signed int32 in Confluent's format; no registry assigns negatives, but the codec must not care.
        byte[] framed = ConfluentWireFormat.frame(-2, new byte[0]);

        assertThat(ConfluentWireFormat.parse(framed, "t").schemaId()).isEqualTo(-2);
    }

    @Test
    void headerOnlyIsAValidEmptyPayload() {
        assertThat(ConfluentWireFormat.parse(new byte[] {0, 0, 0, 0, 5}, "t").payloadLength())
                .isZero();
    }

    @Test
    void shortInputIsCorrupt() {
        assertThatThrownBy(() -> ConfluentWireFormat.parse(new byte[] {0, 0}, "events"))
                .isInstanceOf(CorruptPayloadException.class)
                .hasMessageContaining("'events'")
                .hasMessageContaining("2 bytes");
        assertThatThrownBy(() -> ConfluentWireFormat.parse(new byte[0], "events"))
                .isInstanceOf(CorruptPayloadException.class);
    }

    @Test
    void foreignFirstByteIsUnknownMagicEvenWhenShort() {
        assertThatThrownBy(() -> ConfluentWireFormat.parse(new byte[] {'a', 'b'}, "events"))
                .isInstanceOf(UnknownMagicByteException.class);
        assertThatThrownBy(() -> ConfluentWireFormat.parse(new byte[] {1, 0, 0, 0, 1, 2}, "events"))
                .isInstanceOfSatisfying(UnknownMagicByteException.class, e -> assertThat(e.magicByte())
                        .isEqualTo((byte) 1));
    }
}
