package io.tempora.schemas.serde;

/**
 * The first byte is not the Confluent wire format's magic byte {@code 0}: the record was written by another
 * serializer (plain Avro, JSON, a string serializer) or by a future wire-format version.
 */
public final class UnknownMagicByteException extends SchemaSerdeException {

    public static final String REASON_CODE = "UNKNOWN_MAGIC_BYTE";

    private final byte magicByte;

    public UnknownMagicByteException(byte magicByte, String topic) {
        super(String.format(
                "Record on topic '%s' starts with byte 0x%02x, not the Confluent wire format's magic byte 0x00. It was not"
                        + " written by a Schema-Registry Avro serializer; check the producer's value.serializer (it must write"
                        + " magic byte 0, a 4-byte schema id, then Avro binary).",
                topic, magicByte));
        this.magicByte = magicByte;
    }

    /** The byte found where the magic byte {@code 0} was expected. */
    public byte magicByte() {
        return magicByte;
    }

    @Override
    public String reasonCode() {
        return REASON_CODE;
    }
}
