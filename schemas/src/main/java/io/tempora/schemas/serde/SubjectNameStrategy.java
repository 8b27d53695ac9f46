package io.tempora.schemas.serde;

import org.apache.avro.Schema;

/**
 * Chooses the registry subject under which a record's schema is registered and looked up.
 *
 * <p>Implementations must be stateless and thread-safe. The standard ones are in {@link SubjectNameStrategies}.
 */
@FunctionalInterface
public interface SubjectNameStrategy {

    /**
     * @param topic the Kafka topic the record is written to
     * @param isKey whether the record is the message key
     * @param schema the record's schema (a named type)
     * @return the subject, never null
     */
    String subject(String topic, boolean isKey, Schema schema);
}
