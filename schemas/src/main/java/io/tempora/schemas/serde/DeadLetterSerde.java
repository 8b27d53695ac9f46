package io.tempora.schemas.serde;

import io.tempora.schemas.DeadLetter;
import io.tempora.schemas.serde.registry.SchemaRegistryClient;

/**
 * Kafka {@link org.apache.kafka.common.serialization.Serde} of {@link DeadLetter} in the Confluent Avro wire
 * format.
 */
public final class DeadLetterSerde extends ConfluentAvroSerde<DeadLetter> {

    /** Builds its registry clients in {@link #configure}. */
    public DeadLetterSerde() {
        super(new DeadLetterSerializer(), new DeadLetterDeserializer());
    }

    /** Uses {@code client}, which it does not close. */
    public DeadLetterSerde(SchemaRegistryClient client) {
        super(new DeadLetterSerializer(client), new DeadLetterDeserializer(client));
    }
}
