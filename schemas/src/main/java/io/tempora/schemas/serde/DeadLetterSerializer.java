package io.tempora.schemas.serde;

import io.tempora.schemas.DeadLetter;
import io.tempora.schemas.serde.registry.SchemaRegistryClient;

/** Confluent-format Avro serializer of {@link DeadLetter}; usable by class name in Kafka configs. */
public final class DeadLetterSerializer extends ConfluentAvroSerializer<DeadLetter> {

    /** Builds its registry client in {@link #configure}. */
    public DeadLetterSerializer() {}

    /** Uses {@code client}, which it does not close. */
    public DeadLetterSerializer(SchemaRegistryClient client) {
        super(client);
    }
}
