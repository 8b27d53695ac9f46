package io.tempora.schemas.serde;

/**
 * The schema registry answered a request with an error that none of the more specific exceptions describes,
 * e.g. 401/403 (credentials), 404 for a subject or schema that is not registered, 422 (invalid schema).
 */
public final class SchemaRegistryException extends SchemaSerdeException {

    public static final String REASON_CODE = "SCHEMA_REGISTRY_ERROR";

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(String message, int httpStatus, int errorCode) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    /** HTTP status of the registry's answer. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent {@code error_code} of the answer (e.g. 40401 subject not found), or the HTTP status if absent. */
    public int errorCode() {
        return errorCode;
    }

    @Override
    public String reasonCode() {
        return REASON_CODE;
    }
}
