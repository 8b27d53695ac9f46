package io.tempora.schemas.serde;

import io.tempora.schemas.Event;
import io.tempora.schemas.serde.registry.SchemaRegistryClient;

/**
 * Confluent-format Avro deserializer to {@link Event} (reader schema: this build's {@code Event});
 * usable by class name in Kafka configs.
 */
public final class EventDeserializer extends ConfluentAvroDeserializer<Event> {

    /** Builds its registry client in {@link #configure}. */
    public EventDeserializer() {
        this(null);
    }

    /** Uses {@code client}, which it does not close. */
    public EventDeserializer(SchemaRegistryClient client) {
        super(Event.getClassSchema(), true, client, EVENT_MAX_RECORD_ALLOCATION_BYTES);
    }
}
