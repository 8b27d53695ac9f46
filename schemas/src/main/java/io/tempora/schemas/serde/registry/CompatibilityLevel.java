package io.tempora.schemas.serde.registry;

/** Compatibility rules of the Confluent API, under their wire names. */
public enum CompatibilityLevel {
    NONE,
    /** New schema can read data written with the previous one (new optional fields need defaults). */
    BACKWARD,
    BACKWARD_TRANSITIVE,
    /** Previous schema can read data written with the new one. */
    FORWARD,
    FORWARD_TRANSITIVE,
    /** Both BACKWARD and FORWARD. */
    FULL,
    FULL_TRANSITIVE
}
