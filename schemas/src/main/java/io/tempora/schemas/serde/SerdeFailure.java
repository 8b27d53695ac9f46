package io.tempora.schemas.serde;

/**
 * A failure of this module's serdes or schema-registry client that carries a stable reason code.
 *
 * <p>Two families implement it, and a handler tells them apart by type before it reads the code:
 * {@link SchemaSerdeException}s are Kafka {@link org.apache.kafka.common.errors.SerializationException}s and
 * describe the record or the schema (the record belongs in the dead-letter topic), while
 * {@link SchemaRegistryUnavailableException} is a Kafka {@link org.apache.kafka.common.errors.RetriableException}
 * and describes the registry (the record is fine; retry it later, never dead-letter it).
 */
public interface SerdeFailure {

    /** Stable, machine-readable cause in UPPER_SNAKE_CASE, e.g. {@code CORRUPT_PAYLOAD}. */
    String reasonCode();
}
