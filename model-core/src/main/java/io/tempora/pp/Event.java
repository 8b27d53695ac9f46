package io.tempora.pp;

/**
 * One event of a simulated realisation.
 *
 * @param time the event time
 * @param type the event type id, {@code 0 <= type < K}
 */
public record Event(double time, int type) {}
