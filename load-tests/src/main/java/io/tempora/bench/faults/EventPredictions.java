package io.tempora.bench.faults;

import io.tempora.schemas.Prediction;
import io.tempora.schemas.PredictionTrigger;
import io.tempora.schemas.serde.PredictionDeserializer;
import io.tempora.streams.testing.TopicContents;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/** The EVENT predictions of an output topic, read whole (read_committed) after a run, counted by source event id. */
final class EventPredictions {

    /** Longest one read may take. */
    static final Duration READ_LIMIT = Duration.ofMinutes(5);

    private EventPredictions() {}

    /**
     * How many EVENT predictions on {@code topic} that {@code which} accepts each source event id has.
     *
     * @param clients {@code bootstrap.servers} and {@code schema.registry.url}
     */
    static Map<String, Integer> count(Map<String, Object> clients, String topic, Predicate<Prediction> which) {
        Map<String, Integer> counts = new HashMap<>();
        try (PredictionDeserializer reader = new PredictionDeserializer()) {
            reader.configure(clients, false);
            TopicContents.forEach((String) clients.get("bootstrap.servers"), topic, READ_LIMIT, r -> {
                Prediction p = reader.deserialize(topic, r.value());
                if (p.getTrigger() == PredictionTrigger.EVENT && p.getSourceEventId() != null && which.test(p)) {
                    counts.merge(p.getSourceEventId(), 1, Integer::sum);
                }
            });
        }
        return counts;
    }
}
