package io.tempora.streams;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /** {@link #MODEL_HISTORY_RETENTION} in days, a constant for help texts. */
    public static final long MODEL_HISTORY_RETENTION_DAYS = 7;

    /**
     * How long every version published to {@link #MODEL_PARAMETERS} stays in the topic before compaction may remove
     * it ({@code min.compaction.lag.ms}): the window in which {@code ./tempora models promote} and {@code rollback}
     * can bring an older version back from the topic alone. After it, only the newest record per model name is sure
     * to remain; an older version is republished from its file ({@code ./tempora models publish}).
     * docs/decisions.md, "model history".
     */
    public static final Duration MODEL_HISTORY_RETENTION = Duration.ofDays(MODEL_HISTORY_RETENTION_DAYS);

    /** The per-entity state store (its changelog topic is derived from it by Kafka Streams). */
    public static final String ENTITY_STATE_STORE = "entity-state";

    /**
     * The entities of {@link #ENTITY_STATE_STORE} ordered by their latest event time, and the eviction markers
     * ordered by theirs ({@code io.tempora.streams.state.LifetimeKeys}): what makes eviction and timer
     * predictions range scans rather than full scans. Changelogged like the entity store.
     */
    public static final String ENTITY_LIFETIME_STORE = "entity-lifetime";

    /** Evicted entities still remembered (entity id to its latest event time), to report their return. */
    public static final String ENTITY_EVICTED_STORE = "entity-evicted";

    /**
     * The application's topics under their default names, for a tool or test that creates them: events and
     * predictions with {@code partitions} partitions (the unit of scale-out), the dead-letter topic with one,
     * and the models topic with one ({@link #modelParameters}).
     */
    public static List<NewTopic> definitions(int partitions, short replication) {
        return List.of(
                new NewTopic(EVENTS, partitions, replication),
                new NewTopic(PREDICTIONS, partitions, replication),
                new NewTopic(EVENTS_DLQ, 1, replication),
                modelParameters(MODEL_PARAMETERS, Optional.of(replication)));
    }

    /**
     * The models topic, named {@code topic} ({@link #MODEL_PARAMETERS} unless configured otherwise): one partition (versions of a model stay in publication order),
     * compacted (the newest version per model name is what survives in the end), with every version kept for at
     * least {@link #MODEL_HISTORY_RETENTION}.
     *
     * @param replication the replication factor, or empty for the broker's default
     */
    public static NewTopic modelParameters(String topic, Optional<Short> replication) {
        return new NewTopic(topic, Optional.of(1), replication).configs(modelParametersConfigs());
    }

    /** The topic configuration of the models topic: compaction, and the history kept before it. */
    public static Map<String, String> modelParametersConfigs() {
        return Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG,
                Long.toString(MODEL_HISTORY_RETENTION.toMillis()));
    }

    private Topics() {}
}
