package io.tempora.schemas.serde;

/**
 * A schema violates the compatibility rule of its subject: the registry refused to register it (HTTP 409), or
 * a record's writer schema cannot be resolved against the reader schema.
 */
public final class IncompatibleSchemaException extends SchemaSerdeException {

  public static final String REASON_CODE = "INCOMPATIBLE_SCHEMA";

  private final String subject;

  public IncompatibleSchemaException(String subject, String message, Throwable cause) {
    super(message, cause);
    this.subject = subject;
  }

  /** The subject whose rule was violated, or the reader's record name when resolution failed on read. */
  public String subject() {
    return subject;
  }

  @Override
  public String reasonCode() {
    return REASON_CODE;
  }
}
