package io.tempora.schemas.serde;

import java.nio.ByteBuffer;

/**
 * The Confluent Schema Registry wire format, shared by Confluent, Apicurio (ccompat), Karapace and Redpanda:
 *
 * <pre>
 *   byte 0      magic byte, always 0
 *   bytes 1..4  schema id, signed 32-bit big-endian, as assigned by the registry
 *   bytes 5..   the record in Avro binary encoding, written with that schema
 * </pre>
 *
 * Stateless and thread-safe.
 */
public final class ConfluentWireFormat {

    /** The only magic byte this format defines. */
    public static final byte MAGIC_BYTE = 0;

    /** Length of magic byte plus schema id. */
    public static final int HEADER_LENGTH = 5;

    private ConfluentWireFormat() {}

    /** A framed record split into its schema id and the offset where its Avro binary starts. */
    public record Frame(int schemaId, byte[] bytes) {

        /** Offset of the Avro binary in {@link #bytes()}. */
        public int payloadOffset() {
            return HEADER_LENGTH;
        }

        /** Number of Avro binary bytes. */
        public int payloadLength() {
            return bytes.length - HEADER_LENGTH;
        }
    }

    /** Prefixes Avro binary with the header for {@code schemaId}. */
    public static byte[] frame(int schemaId, byte[] avroBinary) {
        return ByteBuffer.allocate(HEADER_LENGTH + avroBinary.length)
                .put(MAGIC_BYTE)
                .putInt(schemaId)
                .put(avroBinary)
                .array();
    }

    /**
     * Reads the header of framed bytes.
     *
     * @param topic used in messages only
     * @throws CorruptPayloadException if fewer than {@value #HEADER_LENGTH} bytes
     * @throws UnknownMagicByteException if the first byte is not {@value #MAGIC_BYTE}
     */
    public static Frame parse(byte[] bytes, String topic) {
        if (bytes.length < HEADER_LENGTH) {
            // Check the magic byte first when there is one: a 3-byte UTF-8 string is better reported as foreign.
            if (bytes.length > 0 && bytes[0] != MAGIC_BYTE) {
                throw new UnknownMagicByteException(bytes[0], topic);
            }
            throw new CorruptPayloadException(String.format(
                    "Record on topic '%s' has %d bytes, fewer than the %d-byte Confluent header (magic byte + schema id).",
                    topic, bytes.length, HEADER_LENGTH));
        }
        if (bytes[0] != MAGIC_BYTE) {
            throw new UnknownMagicByteException(bytes[0], topic);
        }
        return new Frame(ByteBuffer.wrap(bytes, 1, 4).getInt(), bytes);
    }
}
