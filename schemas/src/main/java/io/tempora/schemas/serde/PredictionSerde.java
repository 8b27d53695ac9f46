package io.tempora.schemas.serde;

import io.tempora.schemas.Prediction;
import io.tempora.schemas.serde.registry.SchemaRegistryClient;

/**
 * Kafka {@link org.apache.kafka.common.serialization.Serde} of {@link Prediction} in the Confluent Avro wire
 * format.
 */
public final class PredictionSerde extends ConfluentAvroSerde<Prediction> {

    /** Builds its registry clients in {@link #configure}. */
    public PredictionSerde() {
        super(new PredictionSerializer(), new PredictionDeserializer());
    }

    /** Uses {@code client}, which it does not close. */
    public PredictionSerde(SchemaRegistryClient client) {
        super(new PredictionSerializer(client), new PredictionDeserializer(client));
    }
}
