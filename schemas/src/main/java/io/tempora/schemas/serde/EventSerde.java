package io.tempora.schemas.serde;

import io.tempora.schemas.Event;
import io.tempora.schemas.serde.registry.SchemaRegistryClient;

/**
 * Kafka {@link org.apache.kafka.common.serialization.Serde} of {@link Event} in the Confluent Avro wire
 * format.
 */
public final class EventSerde extends ConfluentAvroSerde<Event> {

    /** Builds its registry clients in {@link #configure}. */
    public EventSerde() {
        super(new EventSerializer(), new EventDeserializer());
    }

    /** Uses {@code client}, which it does not close. */
    public EventSerde(SchemaRegistryClient client) {
        super(new EventSerializer(client), new EventDeserializer(client));
    }
}
