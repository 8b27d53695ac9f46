package io.tempora.streams;

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

    private Topics() {}
}
