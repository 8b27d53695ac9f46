package io.tempora.schemas.serde;

/**
 * The schema registry could not be reached, or kept answering with server errors, after all retries: a
 * transient infrastructure problem, not a problem of the record. Callers may retry the whole operation later.
 */
public final class SchemaRegistryUnavailableException extends SchemaSerdeException {

  public static final String REASON_CODE = "SCHEMA_REGISTRY_UNAVAILABLE";

  public SchemaRegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String reasonCode() {
    return REASON_CODE;
  }
}
