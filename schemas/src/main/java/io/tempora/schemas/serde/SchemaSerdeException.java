package io.tempora.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Base of every failure raised by this module's serdes and schema-registry client.
 *
 * <p>A Kafka {@link SerializationException}, so Kafka's clients and Kafka Streams' deserialization-exception
 * handlers treat it as a bad record. Each subclass names one cause and carries a stable {@link #reasonCode()}
 * that the streams application writes into {@code DeadLetter.reasonCode}.
 */
public abstract class SchemaSerdeException extends SerializationException {

  protected SchemaSerdeException(String message) {
    super(message);
  }

  protected SchemaSerdeException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Stable, machine-readable cause in UPPER_SNAKE_CASE, e.g. {@code CORRUPT_PAYLOAD}. */
  public abstract String reasonCode();
}
