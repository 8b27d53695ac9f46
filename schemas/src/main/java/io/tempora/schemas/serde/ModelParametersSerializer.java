package io.tempora.schemas.serde;

import io.tempora.schemas.ModelParameters;
import io.tempora.schemas.serde.registry.SchemaRegistryClient;

/** Confluent-format Avro serializer of {@link ModelParameters}; usable by class name in Kafka configs. */
public final class ModelParametersSerializer extends ConfluentAvroSerializer<ModelParameters> {

    /** Builds its registry client in {@link #configure}. */
    public ModelParametersSerializer() {}

    /** Uses {@code client}, which it does not close. */
    public ModelParametersSerializer(SchemaRegistryClient client) {
        super(client);
    }
}
