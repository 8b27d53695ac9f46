package io.tempora.schemas.serde.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * A schema as registered under a subject.
 *
 * @param subject the subject
 * @param id registry-wide id, the one written into the wire format
 * @param version the version within the subject, from 1
 * @param schema the parsed Avro schema
 */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {

    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}
