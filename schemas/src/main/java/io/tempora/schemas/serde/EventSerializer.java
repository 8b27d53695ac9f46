package io.tempora.schemas.serde;

import io.tempora.schemas.Event;
import io.tempora.schemas.serde.registry.SchemaRegistryClient;

/** Confluent-format Avro serializer of {@link Event}; usable by class name in Kafka configs. */
public final class EventSerializer extends ConfluentAvroSerializer<Event> {

    /** Builds its registry client in {@link #configure}. */
    public EventSerializer() {}

    /** Uses {@code client}, which it does not close. */
    public EventSerializer(SchemaRegistryClient client) {
        super(client);
    }
}
