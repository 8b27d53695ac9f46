package io.tempora.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Base of the failures that describe a record or a schema: the bytes, the schema id, or the schema itself is
 * wrong, so retrying cannot help.
 *
 * <p>A Kafka {@link SerializationException}, so Kafka's clients and Kafka Streams' exception handlers treat it as
 * a bad record. Each subclass names one cause and carries a stable {@link #reasonCode()} that the streams
 * application writes into {@code DeadLetter.reasonCode}. An unreachable registry is not one of these: it raises
 * {@link SchemaRegistryUnavailableException}, which is retriable.
 */
public abstract class SchemaSerdeException extends SerializationException implements SerdeFailure {

    protected SchemaSerdeException(String message) {
        super(message);
    }

    protected SchemaSerdeException(String message, Throwable cause) {
        super(message, cause);
    }
}
