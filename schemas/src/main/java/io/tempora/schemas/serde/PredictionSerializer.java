package io.tempora.schemas.serde;

import io.tempora.schemas.Prediction;
import io.tempora.schemas.serde.registry.SchemaRegistryClient;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;

/**
 * Confluent-format Avro serializer of {@link Prediction}; usable by class name in Kafka configs. Writes with
 * {@link PredictionDatumWriter}, the same bytes as Avro's writer at a fraction of its cost.
 */
public final class PredictionSerializer extends ConfluentAvroSerializer<Prediction> {

    /** Builds its registry client in {@link #configure}. */
    public PredictionSerializer() {}

    /** Uses {@code client}, which it does not close. */
    public PredictionSerializer(SchemaRegistryClient client) {
        super(client);
    }

    @Override
    protected DatumWriter<Object> newWriter(Schema schema, Object data) {
        return data instanceof Prediction ? PredictionDatumWriter.forSchema(schema) : super.newWriter(schema, data);
    }
}
