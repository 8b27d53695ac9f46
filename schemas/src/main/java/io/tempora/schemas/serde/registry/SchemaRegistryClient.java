package io.tempora.schemas.serde.registry;

import io.tempora.schemas.serde.IncompatibleSchemaException;
import io.tempora.schemas.serde.SchemaRegistryException;
import io.tempora.schemas.serde.SchemaRegistryUnavailableException;
import io.tempora.schemas.serde.UnknownSchemaIdException;
import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry REST API that Avro serdes need.
 *
 * <p>Implementations are thread-safe and cache what never changes (an id's schema, a schema's id in a subject),
 * so a serde calls the registry once per schema, not once per record. Every method may throw
 * {@link SchemaRegistryUnavailableException} (retriable, a Kafka
 * {@link org.apache.kafka.common.errors.TimeoutException}) when the registry cannot be reached, times out or
 * answers with server errors after the configured retries, and {@link SchemaRegistryException} (a Kafka
 * {@link org.apache.kafka.common.errors.SerializationException}) for other error answers.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /**
     * Registers {@code schema} under {@code subject} (a no-op returning the existing id if it is already there).
     *
     * @return the registry-wide schema id
     * @throws IncompatibleSchemaException if the subject's compatibility rule refuses the schema (HTTP 409)
     */
    int register(String subject, Schema schema);

    /**
     * The id of {@code schema} as already registered under {@code subject}; registers nothing.
     *
     * @throws SchemaRegistryException with status 404 if the subject or the schema is not registered
     */
    int idOf(String subject, Schema schema);

    /**
     * The schema with registry-wide id {@code id}.
     *
     * @throws UnknownSchemaIdException if the registry has no such id
     */
    Schema schemaById(int id);

    /**
     * The newest version registered under {@code subject}.
     *
     * @throws SchemaRegistryException with status 404 if the subject does not exist
     */
    RegisteredSchema latestVersion(String subject);

    /** Sets the compatibility rule of {@code subject}, overriding the registry-wide default. */
    void updateCompatibility(String subject, CompatibilityLevel level);

    /** Releases resources; caches are dropped. The default does nothing. */
    @Override
    default void close() {}
}
