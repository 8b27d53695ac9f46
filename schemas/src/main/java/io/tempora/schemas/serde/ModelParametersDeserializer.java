package io.tempora.schemas.serde;

import io.tempora.schemas.ModelParameters;
import io.tempora.schemas.serde.registry.SchemaRegistryClient;

/**
 * Confluent-format Avro deserializer to {@link ModelParameters} (reader schema: this build's {@code ModelParameters});
 * usable by class name in Kafka configs.
 */
public final class ModelParametersDeserializer extends ConfluentAvroDeserializer<ModelParameters> {

    /** Builds its registry client in {@link #configure}. */
    public ModelParametersDeserializer() {
        this(null);
    }

    /** Uses {@code client}, which it does not close. */
    public ModelParametersDeserializer(SchemaRegistryClient client) {
        super(ModelParameters.getClassSchema(), true, client);
    }
}
