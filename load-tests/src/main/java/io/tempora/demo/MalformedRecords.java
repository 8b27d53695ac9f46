package io.tempora.demo;

import io.tempora.schemas.Event;
import io.tempora.streams.processor.DeadLetterReason;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The bad records the demo mixes into its stream, one of each kind in turn, so that the console and the final line
 * show the application dead-lettering them (and carrying on). Each is built from a good event of the stream. The
 * fault benchmark builds its bad records with the same methods.
 */
public final class MalformedRecords {

    /** Length of the Confluent wire-format header: magic byte 0 and a 4-byte schema id. */
    public static final int WIRE_HEADER_BYTES = 5;
    /**
     * The Avro body of a corrupt record: the zig-zag varint {@code -1}, read as the length of the event's first
     * field (a string), which Avro refuses as a negative length.
     */
    static final byte[] CORRUPT_BODY = {0x01};
    /** The type of the unknown-type records: no model of the demo has it. */
    public static final String UNKNOWN_TYPE = "teleport";
    /** How much older than its entity's latest event a late record is: far beyond the app's default grace period. */
    static final long LATE_BY_MS = 10 * 60_000L;

    /** A kind of bad record and the dead-letter reason the application gives it. */
    enum Kind {
        /** A valid wire header and schema id followed by bytes that are not an Event. */
        CORRUPT_BYTES("CORRUPT_PAYLOAD"),
        /** A valid event keyed by another entity's id. */
        KEY_MISMATCH(DeadLetterReason.KEY_MISMATCH.name()),
        /** A valid event of a type the model does not know (accepted while no model serves yet). */
        UNKNOWN_TYPE(DeadLetterReason.UNKNOWN_EVENT_TYPE.name()),
        /** A valid event older than its entity's latest by more than the grace period. */
        LATE(DeadLetterReason.LATE.name()),
        /** A second copy of an event the entity has just had (same key, same bytes, same event id). */
        DUPLICATE(DeadLetterReason.DUPLICATE.name());

        private final String expectedReason;

        Kind(String expectedReason) {
            this.expectedReason = expectedReason;
        }

        /** The dead letter's {@code reasonCode} the application gives this kind of record. */
        String expectedReason() {
            return expectedReason;
        }
    }

    /** The kinds in the order the demo sends them. */
    static final List<Kind> ROTATION = List.of(Kind.values());

    private MalformedRecords() {}

    /** The kind to send as the {@code n}-th bad record (0-based). */
    static Kind kind(long n) {
        return ROTATION.get((int) (n % ROTATION.size()));
    }

    /** A corrupt value: the header (magic byte and schema id) of the valid value {@code good}, then a bad body. */
    public static byte[] corrupt(byte[] good) {
        if (good.length < WIRE_HEADER_BYTES || good[0] != 0) {
            throw new IllegalArgumentException("not a Confluent wire-format value (magic byte 0 and a schema id): "
                    + Arrays.toString(Arrays.copyOf(good, Math.min(good.length, WIRE_HEADER_BYTES))));
        }
        byte[] out = Arrays.copyOf(good, WIRE_HEADER_BYTES + CORRUPT_BODY.length);
        System.arraycopy(CORRUPT_BODY, 0, out, WIRE_HEADER_BYTES, CORRUPT_BODY.length);
        return out;
    }

    /** An event of {@code entityId} with a fresh id, to be keyed by another entity. */
    public static Event forOtherKey(String entityId, long timeMs, String type, long n) {
        return event(entityId, timeMs, type, "key-mismatch-" + n);
    }

    /** An event of {@code entityId} at its latest time whose type is {@link #UNKNOWN_TYPE}. */
    public static Event unknownType(String entityId, long latestMs, long n) {
        return event(entityId, latestMs, UNKNOWN_TYPE, "unknown-type-" + n);
    }

    /** An event of {@code entityId} {@link #LATE_BY_MS} older than its latest. */
    public static Event late(String entityId, long latestMs, String type, long n) {
        return event(entityId, latestMs - LATE_BY_MS, type, "late-" + n);
    }

    /** A good event of the stream. */
    public static Event event(String entityId, long timeMs, String type, String eventId) {
        return Event.newBuilder()
                .setEntityId(entityId)
                .setEventTime(Instant.ofEpochMilli(timeMs))
                .setType(type)
                .setFeatures(Map.of())
                .setAttributes(Map.of())
                .setEventId(eventId)
                .build();
    }
}
