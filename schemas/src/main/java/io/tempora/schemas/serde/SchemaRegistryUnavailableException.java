package io.tempora.schemas.serde;

import java.time.Duration;
import java.util.Optional;
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
 *
 * <p>A client that has just found the registry down refuses further requests for a while without contacting it
 * ({@link io.tempora.schemas.serde.registry.RegistryAvailability}); such a failure says so by
 * {@link #knownOutage()} and tells in {@link #retryAfter()} when trying again can contact the registry, so a
 * caller that waits out the outage sleeps that long instead of polling.
 */
public final class SchemaRegistryUnavailableException extends TimeoutException implements SerdeFailure {

    public static final String REASON_CODE = "SCHEMA_REGISTRY_UNAVAILABLE";

    private final boolean knownOutage;
    private final Duration retryAfter;

    /** The registry was contacted and failed. */
    public SchemaRegistryUnavailableException(String message, Throwable cause) {
        this(message, cause, false, Duration.ZERO);
    }

    private SchemaRegistryUnavailableException(
            String message, Throwable cause, boolean knownOutage, Duration retryAfter) {
        super(message, cause);
        this.knownOutage = knownOutage;
        this.retryAfter = retryAfter;
    }

    /**
     * The client refused the request without contacting the registry, because an outage is known.
     *
     * @param retryAfter the wait until a request can contact the registry again
     */
    public static SchemaRegistryUnavailableException knownOutage(String message, Duration retryAfter) {
        return new SchemaRegistryUnavailableException(message, null, true, retryAfter);
    }

    /** Whether the client failed without contacting the registry, because it had just found it down. */
    public boolean knownOutage() {
        return knownOutage;
    }

    /**
     * For a {@link #knownOutage()}, the wait until the client contacts the registry again; empty when the registry
     * was contacted (trying again contacts it at once).
     */
    public Optional<Duration> retryAfter() {
        return knownOutage ? Optional.of(retryAfter) : Optional.empty();
    }

    @Override
    public String reasonCode() {
        return REASON_CODE;
    }
}
