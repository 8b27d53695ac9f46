package io.tempora.streams;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The default names of the application's topics (design.md); each is configurable
 * ({@link TemporaConfig}). Tests and tools use these constants rather than spelling the names.
 */
public final class Topics {

    /** Input events, keyed by entity id. */
    public static final String EVENTS = "events";
    /** One prediction per accepted event, keyed by entity id. */
    public static final String PREDICTIONS = "predictions";
    /** Every refused input, keyed by the original key bytes. */
    public static final String EVENTS_DLQ = "events-dlq";
    /** Model versions, keyed by model name; compacted. */
    public static final String MODEL_PARAMETERS = "model-parameters";

    /** The per-entity state store (its changelog topic is derived from it by Kafka Streams). */
    public static final String ENTITY_STATE_STORE = "entity-state";

    /**
     * The application's topics under their default names, for a tool or test that creates them: events and
     * predictions with {@code partitions} partitions (the unit of scale-out), the dead-letter topic with one,
     * and the models topic with one, compacted (the newest version per model name is what survives).
     */
    public static List<NewTopic> definitions(int partitions, short replication) {
        return List.of(
                new NewTopic(EVENTS, partitions, replication),
                new NewTopic(PREDICTIONS, partitions, replication),
                new NewTopic(EVENTS_DLQ, 1, replication),
                new NewTopic(MODEL_PARAMETERS, 1, replication)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    }

    private Topics() {}
}
