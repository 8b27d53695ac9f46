package io.tempora.bench.faults;

import io.tempora.demo.MalformedRecords;
import io.tempora.schemas.Event;
import io.tempora.schemas.serde.CorruptPayloadException;
import io.tempora.schemas.serde.EventSerializer;
import io.tempora.schemas.serde.UnknownMagicByteException;
import io.tempora.schemas.serde.UnknownSchemaIdException;
import io.tempora.streams.processor.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The bad records of the malformed-input run, each built from the latest good record of the stream (its entity, key
 * and bytes), and the dead-letter reason the application gives each kind. The demo's kinds come from
 * {@link MalformedRecords}; fuzzed bytes, truncated Avro, unknown schema ids and NaN features are this run's own.
 *
 * @param key   the record's key
 * @param value the record's value
 */
record BadRecord(Kind kind, byte[] key, byte[] value) {

    /** A schema id the registry never hands out: far beyond any the run registers. */
    static final int UNKNOWN_SCHEMA_ID = 0x7FFF_FF00;
    /** The longest fuzzed value. */
    static final int MAX_FUZZ_BYTES = 64;
    /** The feature whose value is NaN in a NaN-feature record. */
    static final String NAN_FEATURE = "amount";

    /** A kind of bad record and the {@code reasonCode} of its dead letter. */
    enum Kind {
        /** Random bytes whose first byte is not the wire format's magic byte 0. */
        FUZZED_BYTES(UnknownMagicByteException.REASON_CODE),
        /** A valid header followed by a body that is not an Event ({@link MalformedRecords#corrupt}). */
        CORRUPT_BODY(CorruptPayloadException.REASON_CODE),
        /** A valid record cut short inside its Avro body. */
        TRUNCATED_AVRO(CorruptPayloadException.REASON_CODE),
        /** A valid body under a schema id the registry does not know. */
        UNKNOWN_SCHEMA(UnknownSchemaIdException.REASON_CODE),
        /** A valid event keyed by another entity's id. */
        WRONG_KEY(DeadLetterReason.KEY_MISMATCH.name()),
        /** A valid event with a NaN feature. */
        NAN_FEATURE(DeadLetterReason.NON_FINITE_FEATURE.name()),
        /** A valid event of a type the model does not know. */
        UNKNOWN_TYPE(DeadLetterReason.UNKNOWN_EVENT_TYPE.name()),
        /** A valid event far older than its entity's latest ({@link MalformedRecords#LATE_BY_MS}). */
        OUT_OF_ORDER(DeadLetterReason.LATE.name()),
        /** The latest good record again, byte for byte. */
        DUPLICATE(DeadLetterReason.DUPLICATE.name());

        private final String expectedReason;

        Kind(String expectedReason) {
            this.expectedReason = expectedReason;
        }

        /** The dead letter's {@code reasonCode} for this kind. */
        String expectedReason() {
            return expectedReason;
        }
    }

    /** The kinds in the order they are sent. */
    static final List<Kind> ROTATION = List.of(Kind.values());

    /**
     * The latest good record of the stream, the template of the next bad ones.
     *
     * @param entityId     its entity
     * @param otherId      another entity's id (the wrong key)
     * @param eventTimeMs  its event time, the entity's latest
     * @param type         its type
     * @param value        its serialized value
     */
    record Template(String entityId, String otherId, long eventTimeMs, String type, byte[] value) {}

    /** The {@code n}-th bad record (0-based), of the kind {@link #ROTATION} gives {@code n}. */
    static BadRecord make(long n, Template good, EventSerializer serializer, String topic, Random random) {
        Kind kind = ROTATION.get((int) (n % ROTATION.size()));
        byte[] key = good.entityId().getBytes(StandardCharsets.UTF_8);
        byte[] value =
                switch (kind) {
                    case FUZZED_BYTES -> fuzz(random);
                    case CORRUPT_BODY -> MalformedRecords.corrupt(good.value());
                    case TRUNCATED_AVRO -> truncate(good.value(), random);
                    case UNKNOWN_SCHEMA -> withSchemaId(good.value(), UNKNOWN_SCHEMA_ID);
                    case WRONG_KEY -> {
                        key = good.otherId().getBytes(StandardCharsets.UTF_8);
                        yield serializer.serialize(
                                topic,
                                MalformedRecords.forOtherKey(good.entityId(), good.eventTimeMs(), good.type(), n));
                    }
                    case NAN_FEATURE -> {
                        Event e = MalformedRecords.event(good.entityId(), good.eventTimeMs(), good.type(), "nan-" + n);
                        e.setFeatures(Map.of(NAN_FEATURE, Double.NaN));
                        yield serializer.serialize(topic, e);
                    }
                    case UNKNOWN_TYPE ->
                        serializer.serialize(
                                topic, MalformedRecords.unknownType(good.entityId(), good.eventTimeMs(), n));
                    case OUT_OF_ORDER ->
                        serializer.serialize(
                                topic, MalformedRecords.late(good.entityId(), good.eventTimeMs(), good.type(), n));
                    case DUPLICATE -> good.value();
                };
        return new BadRecord(kind, key, value);
    }

    /** Random bytes, at least a wire header long, whose first byte is not the magic byte. */
    static byte[] fuzz(Random random) {
        byte[] out = new byte[MalformedRecords.WIRE_HEADER_BYTES + random.nextInt(MAX_FUZZ_BYTES)];
        random.nextBytes(out);
        out[0] = (byte) (1 + random.nextInt(255));
        return out;
    }

    /** {@code value} cut somewhere inside its Avro body (after the header, before its last byte). */
    static byte[] truncate(byte[] value, Random random) {
        int body = value.length - MalformedRecords.WIRE_HEADER_BYTES;
        if (body < 1) {
            throw new IllegalArgumentException("a value of " + value.length + " bytes has no body to cut");
        }
        return Arrays.copyOf(value, MalformedRecords.WIRE_HEADER_BYTES + random.nextInt(body));
    }

    /** {@code value} with its wire header's schema id replaced by {@code schemaId}. */
    static byte[] withSchemaId(byte[] value, int schemaId) {
        byte[] out = value.clone();
        out[1] = (byte) (schemaId >>> 24);
        out[2] = (byte) (schemaId >>> 16);
        out[3] = (byte) (schemaId >>> 8);
        out[4] = (byte) schemaId;
        return out;
    }
}
