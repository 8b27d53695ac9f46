package io.tempora.schemas.serde;

/**
 * A schema violates the compatibility rule of its subject: the registry refused to register it (HTTP 409), a
 * record's writer schema cannot be resolved against the reader schema, or the registered schema the serializer
 * writes with ({@code use.schema.id}, {@code use.latest.version}) cannot represent the record.
 */
public final class IncompatibleSchemaException extends SchemaSerdeException {

    public static final String REASON_CODE = "INCOMPATIBLE_SCHEMA";

    private final String subject;

    public IncompatibleSchemaException(String subject, String message, Throwable cause) {
        super(message, cause);
        this.subject = subject;
    }

    /** The subject whose rule is violated, or the reader's record name when resolution fails on read. */
    public String subject() {
        return subject;
    }

    @Override
    public String reasonCode() {
        return REASON_CODE;
    }
}
