package io.tempora.streams.processor;

/**
 * Why the application itself refuses an event (the serde's reasons, such as {@code CORRUPT_PAYLOAD} or
 * {@code UNKNOWN_SCHEMA_ID}, come from the deserializer's exception). The names are stable: they are the
 * {@code reasonCode} of the dead letters, which alerting and replay filters match on.
 */
public enum DeadLetterReason {
    /** The record has no key: events are keyed by entity id. */
    MISSING_KEY,
    /** The record has no value (a tombstone): there is no event to apply. */
    NULL_VALUE,
    /** The record's key is not the event's {@code entityId}. */
    KEY_MISMATCH,
    /** The event's type is not in the serving model's vocabulary. */
    UNKNOWN_EVENT_TYPE,
    /** One of the event's features is NaN or infinite. */
    NON_FINITE_FEATURE,
    /** The event is older than its entity's latest event by more than the grace period. */
    LATE,
    /** An event with the same {@code eventId} is among the entity's recent events. */
    DUPLICATE,
    /** The ODE solver failed on this event; the entity's state is unchanged. */
    SOLVER_FAILURE,
    /** The scorer refused the event for another reason (the message says which). */
    INVALID_EVENT
}
