package io.tempora.schemas.serde;

/**
 * The bytes are not a decodable Confluent-framed Avro record: shorter than the 5-byte header, truncated, with
 * trailing bytes, or with Avro binary that does not match the writer schema the registry holds for its id.
 *
 * <p>Retrying will not help; the record belongs in the dead-letter topic.
 */
public final class CorruptPayloadException extends SchemaSerdeException {

    public static final String REASON_CODE = "CORRUPT_PAYLOAD";

    public CorruptPayloadException(String message) {
        super(message);
    }

    public CorruptPayloadException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String reasonCode() {
        return REASON_CODE;
    }
}
