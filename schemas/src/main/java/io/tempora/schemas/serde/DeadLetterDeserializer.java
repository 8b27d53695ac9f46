package io.tempora.schemas.serde;

import io.tempora.schemas.DeadLetter;
import io.tempora.schemas.serde.registry.SchemaRegistryClient;

/**
 * Confluent-format Avro deserializer to {@link DeadLetter} (reader schema: this build's {@code DeadLetter});
 * usable by class name in Kafka configs.
 */
public final class DeadLetterDeserializer extends ConfluentAvroDeserializer<DeadLetter> {

    /** Builds its registry client in {@link #configure}. */
    public DeadLetterDeserializer() {
        this(null);
    }

    /** Uses {@code client}, which it does not close. */
    public DeadLetterDeserializer(SchemaRegistryClient client) {
        super(DeadLetter.getClassSchema(), true, client);
    }
}
