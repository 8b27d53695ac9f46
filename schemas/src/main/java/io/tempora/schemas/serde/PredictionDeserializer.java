package io.tempora.schemas.serde;

import io.tempora.schemas.Prediction;
import io.tempora.schemas.serde.registry.SchemaRegistryClient;

/**
 * Confluent-format Avro deserializer to {@link Prediction} (reader schema: this build's {@code Prediction});
 * usable by class name in Kafka configs.
 */
public final class PredictionDeserializer extends ConfluentAvroDeserializer<Prediction> {

    /** Builds its registry client in {@link #configure}. */
    public PredictionDeserializer() {
        this(null);
    }

    /** Uses {@code client}, which it does not close. */
    public PredictionDeserializer(SchemaRegistryClient client) {
        super(Prediction.getClassSchema(), true, client);
    }
}
