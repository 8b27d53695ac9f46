package io.tempora.demo;

import io.tempora.schemas.DeadLetter;
import io.tempora.schemas.EntityStatus;
import io.tempora.schemas.serde.DeadLetterDeserializer;
import io.tempora.schemas.serde.DeadLetterSerializer;
import io.tempora.schemas.serde.EventDeserializer;
import io.tempora.schemas.serde.EventSerializer;
import io.tempora.schemas.serde.PredictionDeserializer;
import io.tempora.schemas.serde.PredictionSerializer;
import io.tempora.streams.Topics;
import io.tempora.streams.processor.PredictionMapper;
import java.util.Map;

/**
 * Registers the value schemas of the events, predictions and dead-letter topics and reads each back by id before the
 * app starts, as a deployment registers its schemas ahead.
 *
 * <p>Two reasons. The dev registry is a cold JVM whose first answers per endpoint take a second or more; without
 * this they would sit inside the first events' latency (and stall the demo's generator behind a backlog). And
 * several app instances registering the same new subject at once race in the dev registry: one of them gets HTTP 409
 * ("already exists"), which its serializer takes for an incompatible schema, failing its stream thread.
 */
public final class Schemas {

    /** Entity, event id and reason of the records serialised (never sent) to register the schemas. */
    static final String PROBE_ID = "schema-registration";

    private Schemas() {}

    /**
     * Registers the three schemas with the registry that {@code clients} name.
     *
     * @param events   the serializer the caller goes on using: it keeps the Event schema's id
     * @param typeName an event type of the caller's vocabulary, for the probe event
     */
    public static void register(Map<String, Object> clients, EventSerializer events, String typeName) {
        try (EventDeserializer eventReader = new EventDeserializer();
                PredictionSerializer predictions = new PredictionSerializer();
                PredictionDeserializer predictionReader = new PredictionDeserializer();
                DeadLetterSerializer deadLetters = new DeadLetterSerializer();
                DeadLetterDeserializer deadLetterReader = new DeadLetterDeserializer()) {
            eventReader.configure(clients, false);
            predictions.configure(clients, false);
            predictionReader.configure(clients, false);
            deadLetters.configure(clients, false);
            deadLetterReader.configure(clients, false);
            eventReader.deserialize(
                    Topics.EVENTS,
                    events.serialize(Topics.EVENTS, MalformedRecords.event(PROBE_ID, 0, typeName, PROBE_ID)));
            predictionReader.deserialize(
                    Topics.PREDICTIONS,
                    predictions.serialize(
                            Topics.PREDICTIONS,
                            PredictionMapper.withoutModel(PROBE_ID, 0, PROBE_ID, EntityStatus.NEW)));
            deadLetterReader.deserialize(
                    Topics.EVENTS_DLQ,
                    deadLetters.serialize(
                            Topics.EVENTS_DLQ,
                            DeadLetter.newBuilder()
                                    .setReasonCode(PROBE_ID)
                                    .setReasonMessage(PROBE_ID)
                                    .setSourceTopic(Topics.EVENTS)
                                    .setSourcePartition(0)
                                    .setSourceOffset(0)
                                    .build()));
        }
    }
}
