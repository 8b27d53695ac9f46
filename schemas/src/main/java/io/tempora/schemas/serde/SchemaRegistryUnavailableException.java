package io.tempora.schemas.serde;

import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The schema registry could not be reached, timed out, or kept answering with server errors (HTTP 408, 429,
 * 5xx) after all retries: a transient infrastructure problem, not a problem of the record.
 *
 * <p>A Kafka {@link TimeoutException}, hence a {@link RetriableException} and not a
 * {@link org.apache.kafka.common.errors.SerializationException}: the same record succeeds once the registry is
 * back, so a handler retries it (or stops and restarts from the last committed offset) and never sends it to a
 * dead-letter topic. {@code KafkaProducer.send} reports it through the returned future and the callback, as it
 * does its own timeouts, and Kafka Streams' task executor retries a {@code TimeoutException} thrown from
 * processing within {@code task.timeout.ms}. Kafka Streams hands serde exceptions to its deserialization and
 * production exception handlers without looking at their type, so those handlers test for
 * {@link RetriableException} themselves and answer {@code FAIL} for it.
 */
public final class SchemaRegistryUnavailableException extends TimeoutException implements SerdeFailure {

    public static final String REASON_CODE = "SCHEMA_REGISTRY_UNAVAILABLE";

    public SchemaRegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String reasonCode() {
        return REASON_CODE;
    }
}
