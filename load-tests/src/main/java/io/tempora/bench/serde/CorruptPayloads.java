package io.tempora.bench.serde;

import io.tempora.schemas.serde.ConfluentWireFormat;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A fixed, seeded mix of corrupt Event payloads derived from valid framed ones, one kind after another: each is a
 * payload the hardened deserializer must refuse with a {@code SchemaSerdeException} (issue 21's findings).
 *
 * <p>The same seed gives the same bytes, so that runs of {@code ./bench.sh serde} time the same work.
 */
public final class CorruptPayloads {

    /** The kinds of damage, taken in turn. */
    public enum Kind {
        /** The record cut short at a random length of at least one byte. */
        TRUNCATION,
        /** A byte of the entity id replaced by one that cannot appear there in UTF-8. */
        INVALID_UTF8,
        /** The entity id's length as a 5-byte varint with bits beyond 32 set, or the event time's beyond 64. */
        OVERFLOWING_VARINT,
        /** A first byte other than the Confluent format's magic byte 0. */
        UNKNOWN_MAGIC_BYTE
    }

    /** Bytes that never stand where they are put in well-formed UTF-8 within an ASCII string. */
    private static final int[] INVALID_UTF8_BYTES = {0xFF, 0xFE, 0x80, 0xBF, 0xC0, 0xC1, 0xF8};

    private static final int INT_VARINT_BYTES = 5;
    private static final int LONG_VARINT_BYTES = 10;
    private static final int PAYLOAD_START = ConfluentWireFormat.HEADER_LENGTH;

    private CorruptPayloads() {}

    /**
     * One corrupt payload per valid one, kind {@code i % 4} for the {@code i}-th.
     *
     * @param valid framed Event records whose entity id is shorter than 64 bytes (a one-byte length varint)
     * @param seed fixes every random choice
     */
    public static List<byte[]> mix(List<byte[]> valid, long seed) {
        Random random = new Random(seed);
        List<byte[]> bad = new ArrayList<>(valid.size());
        Kind[] kinds = Kind.values();
        for (int i = 0; i < valid.size(); i++) {
            bad.add(corrupt(valid.get(i), kinds[i % kinds.length], random));
        }
        return bad;
    }

    /** The kind {@link #mix} gives its {@code i}-th payload. */
    public static Kind kindOf(int i) {
        return Kind.values()[i % Kind.values().length];
    }

    static byte[] corrupt(byte[] framed, Kind kind, Random random) {
        int idLength = entityIdLength(framed);
        int idStart = PAYLOAD_START + 1;
        switch (kind) {
            case TRUNCATION:
                return Arrays.copyOf(framed, 1 + random.nextInt(framed.length - 1));
            case INVALID_UTF8: {
                byte[] copy = framed.clone();
                copy[idStart + random.nextInt(idLength)] =
                        (byte) INVALID_UTF8_BYTES[random.nextInt(INVALID_UTF8_BYTES.length)];
                return copy;
            }
            case OVERFLOWING_VARINT:
                return random.nextBoolean()
                        ? replace(framed, PAYLOAD_START, 1, overflowingInt(zigZag(idLength), random))
                        : overflowEventTime(framed, idStart + idLength, random);
            case UNKNOWN_MAGIC_BYTE: {
                byte[] copy = framed.clone();
                copy[0] = (byte) (1 + random.nextInt(255));
                return copy;
            }
            default:
                throw new IllegalArgumentException("unknown kind " + kind);
        }
    }

    private static int entityIdLength(byte[] framed) {
        int varint = framed[PAYLOAD_START];
        if ((varint & 0x80) != 0) {
            throw new IllegalArgumentException("the entity id must be shorter than 64 bytes to be corrupted here");
        }
        return varint >>> 1; // zig-zag: a non-negative n is written as 2n
    }

    /** {@code zigzag} as a 5-byte varint whose last byte sets some of bits 32..34: an int that does not fit. */
    private static byte[] overflowingInt(long zigzag, Random random) {
        int excess = 1 + random.nextInt(7); // bits 32..34
        return paddedVarint(zigzag, INT_VARINT_BYTES, excess << 4);
    }

    /** The event time (a long at {@code offset}) rewritten as a 10-byte varint with bits beyond 64 set. */
    private static byte[] overflowEventTime(byte[] framed, int offset, Random random) {
        long zigzag = 0;
        int shift = 0;
        int end = offset;
        while (true) {
            int b = framed[end++] & 0xFF;
            zigzag |= (long) (b & 0x7F) << shift;
            shift += 7;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        int excess = 1 + random.nextInt(63); // bits 64..69
        return replace(framed, offset, end - offset, paddedVarint(zigzag, LONG_VARINT_BYTES, excess << 1));
    }

    /** {@code value} in exactly {@code width} varint bytes, {@code highBits} OR-ed into the last one. */
    private static byte[] paddedVarint(long value, int width, int highBits) {
        byte[] out = new byte[width];
        for (int i = 0; i < width - 1; i++) {
            out[i] = (byte) (0x80 | (value >>> (7 * i)) & 0x7F);
        }
        out[width - 1] = (byte) ((value >>> (7 * (width - 1))) & 0x7F | highBits);
        return out;
    }

    private static long zigZag(int n) {
        return ((long) n << 1) ^ (n >> 31);
    }

    private static byte[] replace(byte[] bytes, int offset, int length, byte[] with) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + with.length);
        out.write(bytes, 0, offset);
        out.write(with, 0, with.length);
        out.write(bytes, offset + length, bytes.length - offset - length);
        return out.toByteArray();
    }
}
