package io.tempora.streams.state;

import java.util.Map;
import java.util.Objects;

/**
 * One accepted event as an entity's ring keeps it: enough to detect a duplicate by id and to replay the
 * entity's recent history under a new model version.
 *
 * @param eventId  the producer's event id, or null when it had none
 * @param timeMs   the time the event was applied at (its own time, or the state's for a late event within
 *                 the grace period), milliseconds since the epoch
 * @param type     the event's type as the producer named it
 * @param features the event's numeric features by name (finite values)
 */
public record RecentEvent(String eventId, long timeMs, String type, Map<String, Double> features) {

    public RecentEvent {
        Objects.requireNonNull(type, "type");
        features = Map.copyOf(features);
    }
}
