package io.tempora.schemas.serde;

import io.tempora.schemas.ModelParameters;
import io.tempora.schemas.serde.registry.SchemaRegistryClient;

/**
 * Kafka {@link org.apache.kafka.common.serialization.Serde} of {@link ModelParameters} in the Confluent Avro wire
 * format.
 */
public final class ModelParametersSerde extends ConfluentAvroSerde<ModelParameters> {

    /** Builds its registry clients in {@link #configure}. */
    public ModelParametersSerde() {
        super(new ModelParametersSerializer(), new ModelParametersDeserializer());
    }

    /** Uses {@code client}, which it does not close. */
    public ModelParametersSerde(SchemaRegistryClient client) {
        super(new ModelParametersSerializer(client), new ModelParametersDeserializer(client));
    }
}
