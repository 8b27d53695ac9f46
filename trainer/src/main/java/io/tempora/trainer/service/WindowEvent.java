package io.tempora.trainer.service;

import java.util.Map;
import java.util.Objects;

/**
 * One event read from the events topic, as the training service keeps it before histories are built: the fields of
 * the Avro {@code Event} the model reads.
 *
 * @param timeMs   the event's time, epoch milliseconds
 * @param type     its type name
 * @param features its numeric features by name, all finite
 * @param eventId  the producer's id of the event, or null
 */
record WindowEvent(long timeMs, String type, Map<String, Double> features, String eventId) {

    WindowEvent {
        Objects.requireNonNull(type, "type");
        features = Map.copyOf(features);
    }
}
