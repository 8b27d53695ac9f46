/**
 * Event histories and their input: {@link io.tempora.data.EventSequence} (one entity's events),
 * {@link io.tempora.data.Dataset} (many entities with their type vocabulary and feature names),
 * deterministic train/test splits and windows ({@link io.tempora.data.Window}), the CSV reader
 * ({@link io.tempora.data.EventCsvReader}) and the choice of a model time unit
 * ({@link io.tempora.data.TimeUnits}).
 *
 * <p>Everything here is immutable and free of Kafka, Avro and ND4J.
 */
package io.tempora.data;
