package io.tempora.schemas.serde;

import io.tempora.schemas.Prediction;
import io.tempora.schemas.serde.registry.SchemaRegistryClient;

/** Confluent-format Avro serializer of {@link Prediction}; usable by class name in Kafka configs. */
public final class PredictionSerializer extends ConfluentAvroSerializer<Prediction> {

    /** Builds its registry client in {@link #configure}. */
    public PredictionSerializer() {}

    /** Uses {@code client}, which it does not close. */
    public PredictionSerializer(SchemaRegistryClient client) {
        super(client);
    }
}
