package io.tempora.schemas.serde;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * A strict Avro binary {@link Decoder} over one record's bytes: it refuses, as {@link CorruptPayloadException}s
 * naming the offset, everything that Avro's own {@code BinaryDecoder} silently accepts or turns into an
 * {@link OutOfMemoryError}.
 *
 * <ul>
 *   <li>Varints: an int of more than 5 bytes or with bits beyond 32, a long of more than 10 bytes or with bits
 *       beyond 64, and overlong (non-minimal) encodings. {@code BinaryDecoder} drops the excess bits, so a
 *       damaged union index or length could read as another valid value.
 *   <li>Strings that are not well-formed UTF-8 ({@link Utf8Validation}); {@code BinaryDecoder} substitutes
 *       U+FFFD.
 *   <li>Booleans other than 0 and 1.
 *   <li>Lengths and item counts larger than the bytes left: a string, byte string or block of items can never be
 *       longer than the bytes that carry it. (The one exception, arrays or maps of zero-byte items such as
 *       {@code null}, appears in none of this product's schemas.)
 *   <li>Records whose decoding would allocate more than {@code maxAllocationBytes}: every string, byte string and
 *       block of items is charged an estimate of the heap it costs before it is allocated, so a payload of
 *       millions of tiny items (each costing a hundred times its bytes) is refused before it exhausts the heap.
 * </ul>
 *
 * <p>Not thread-safe; one per record.
 */
final class BoundedDecoder extends Decoder {

    /** Estimated heap of a string beyond its characters: the String or Utf8 object and its array's header. */
    static final long STRING_OVERHEAD_BYTES = 48;

    /** Estimated heap per byte of a string: two for a UTF-16 {@code String} that is not Latin-1. */
    static final long STRING_BYTES_PER_BYTE = 2;

    /** Estimated heap of a byte string beyond its bytes: the ByteBuffer and its array's header. */
    static final long BYTES_OVERHEAD_BYTES = 64;

    /** Estimated heap of an array or map object beyond its items. */
    static final long CONTAINER_OVERHEAD_BYTES = 64;

    /** Estimated heap per array item beyond its own strings and containers: a slot and a record or box. */
    static final long ARRAY_ITEM_BYTES = 40;

    /** Estimated heap per map entry beyond its key and value strings: a hash-table node, slot and box. */
    static final long MAP_ENTRY_BYTES = 64;

    private static final int MAX_INT_VARINT_BYTES = 5;
    private static final int MAX_LONG_VARINT_BYTES = 10;
    /** The last byte of a 5-byte int carries bits 28..31 only. */
    private static final int MAX_LAST_INT_BYTE = 0x0f;
    /** The last byte of a 10-byte long carries bit 63 only. */
    private static final int MAX_LAST_LONG_BYTE = 0x01;

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] buf;
    private final int start;
    private final int limit;
    private final long maxAllocationBytes;
    private int pos;
    private long charged;

    /**
     * @param maxAllocationBytes the heap, as estimated, that decoding this record may allocate; see
     *     {@link ConfluentAvroSerdeConfig#MAX_RECORD_ALLOCATION_BYTES_CONFIG}
     */
    BoundedDecoder(byte[] buf, int offset, int length, long maxAllocationBytes) {
        this.buf = buf;
        this.start = offset;
        this.pos = offset;
        this.limit = offset + length;
        this.maxAllocationBytes = maxAllocationBytes;
    }

    /** Whether every byte of the payload was consumed. */
    boolean isEnd() {
        return pos == limit;
    }

    /** The estimated heap charged so far. */
    long charged() {
        return charged;
    }

    private int remaining() {
        return limit - pos;
    }

    private CorruptPayloadException corrupt(int at, String format, Object... args) {
        return new CorruptPayloadException("at Avro byte offset " + (at - start) + ": " + String.format(format, args));
    }

    private void require(int n, String what) {
        if (n > limit - pos) {
            throw corrupt(pos, "the payload ends within a %s (%d bytes needed, %d left)", what, n, remaining());
        }
    }

    private void charge(long bytes, String what) {
        charged += bytes;
        if (charged > maxAllocationBytes) {
            throw corrupt(
                    pos,
                    "decoding the record would allocate more than its cap of %d bytes (at the %s; %s); the payload"
                            + " is damaged or hostile, or the cap is too low for it",
                    maxAllocationBytes,
                    what,
                    ConfluentAvroSerdeConfig.MAX_RECORD_ALLOCATION_BYTES_CONFIG);
        }
    }

    private int readVarInt() {
        int at = pos;
        int raw = 0;
        for (int i = 0; ; i++) {
            if (pos >= limit) {
                throw corrupt(at, "the payload ends within an int varint");
            }
            int b = buf[pos++] & 0xff;
            if (i == MAX_INT_VARINT_BYTES - 1 && b > MAX_LAST_INT_BYTE) {
                throw corrupt(at, "an int varint is longer than 5 bytes or has bits beyond 32 set");
            }
            raw |= (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw corrupt(at, "an int varint is overlong (ends in a zero byte)");
                }
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
    }

    private long readVarLong() {
        int at = pos;
        long raw = 0;
        for (int i = 0; ; i++) {
            if (pos >= limit) {
                throw corrupt(at, "the payload ends within a long varint");
            }
            int b = buf[pos++] & 0xff;
            if (i == MAX_LONG_VARINT_BYTES - 1 && b > MAX_LAST_LONG_BYTE) {
                throw corrupt(at, "a long varint is longer than 10 bytes or has bits beyond 64 set");
            }
            raw |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw corrupt(at, "a long varint is overlong (ends in a zero byte)");
                }
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
    }

    /** A length prefix: not negative and no larger than the bytes left. */
    private int readLength(String what) {
        int at = pos;
        long declared = readVarLong();
        if (declared < 0 || declared > remaining()) {
            throw corrupt(at, "a %s of %d, but only %d bytes are left", what, declared, remaining());
        }
        return (int) declared;
    }

    /**
     * The item count of the next block, skipping its byte size if it has one; an item takes at least one byte,
     * so a count above the bytes left is corrupt.
     */
    private long readBlockCount(String what) {
        int at = pos;
        long count = readVarLong();
        if (count < 0) {
            if (count == Long.MIN_VALUE) {
                throw corrupt(at, "a %s block count of %d", what, count);
            }
            count = -count;
            readLength(what + " block byte size");
        }
        if (count > remaining()) {
            throw corrupt(at, "a %s block of %d items, but only %d bytes are left", what, count, remaining());
        }
        return count;
    }

    private void validateUtf8(int length) {
        int invalid = Utf8Validation.firstInvalidIndex(buf, pos, length);
        if (invalid != Utf8Validation.VALID) {
            throw corrupt(pos + invalid, "a string of %d bytes is not valid UTF-8", length);
        }
    }

    @Override
    public void readNull() {}

    @Override
    public boolean readBoolean() {
        require(1, "boolean");
        int b = buf[pos];
        if (b != 0 && b != 1) {
            throw corrupt(pos, "a boolean is %d, not 0 or 1", b);
        }
        pos++;
        return b == 1;
    }

    @Override
    public int readInt() {
        return readVarInt();
    }

    @Override
    public long readLong() {
        return readVarLong();
    }

    @Override
    public float readFloat() {
        require(Float.BYTES, "float");
        float value = Float.intBitsToFloat((int) INT_LE.get(buf, pos));
        pos += Float.BYTES;
        return value;
    }

    @Override
    public double readDouble() {
        require(Double.BYTES, "double");
        double value = Double.longBitsToDouble((long) LONG_LE.get(buf, pos));
        pos += Double.BYTES;
        return value;
    }

    @Override
    public Utf8 readString(Utf8 old) {
        int length = readLength("string length");
        charge(STRING_OVERHEAD_BYTES + STRING_BYTES_PER_BYTE * length, "string");
        validateUtf8(length);
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        System.arraycopy(buf, pos, result.getBytes(), 0, length);
        pos += length;
        return result;
    }

    @Override
    public String readString() {
        int length = readLength("string length");
        charge(STRING_OVERHEAD_BYTES + STRING_BYTES_PER_BYTE * length, "string");
        validateUtf8(length);
        String result = new String(buf, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return result;
    }

    @Override
    public void skipString() {
        int length = readLength("string length");
        validateUtf8(length);
        pos += length;
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) {
        int length = readLength("byte-string length");
        charge(BYTES_OVERHEAD_BYTES + length, "byte string");
        byte[] bytes = new byte[length];
        System.arraycopy(buf, pos, bytes, 0, length);
        pos += length;
        return ByteBuffer.wrap(bytes);
    }

    @Override
    public void skipBytes() {
        pos += readLength("byte-string length");
    }

    @Override
    public void readFixed(byte[] bytes, int offset, int length) {
        require(length, "fixed");
        System.arraycopy(buf, pos, bytes, offset, length);
        pos += length;
    }

    @Override
    public void skipFixed(int length) {
        require(length, "fixed");
        pos += length;
    }

    @Override
    public int readEnum() {
        int at = pos;
        int ordinal = readVarInt();
        if (ordinal < 0) {
            throw corrupt(at, "an enum ordinal of %d", ordinal);
        }
        return ordinal;
    }

    @Override
    public long readArrayStart() {
        charge(CONTAINER_OVERHEAD_BYTES, "array");
        return arrayNext();
    }

    @Override
    public long arrayNext() {
        long count = readBlockCount("array");
        charge(count * ARRAY_ITEM_BYTES, "array block of " + count + " items");
        return count;
    }

    @Override
    public long skipArray() {
        return skipBlocks("array");
    }

    @Override
    public long readMapStart() {
        charge(CONTAINER_OVERHEAD_BYTES, "map");
        return mapNext();
    }

    @Override
    public long mapNext() {
        long count = readBlockCount("map");
        charge(count * MAP_ENTRY_BYTES, "map block of " + count + " entries");
        return count;
    }

    @Override
    public long skipMap() {
        return skipBlocks("map");
    }

    /**
     * Skips the blocks that carry their byte size, returning the item count of the first block that does not
     * (its items are skipped one by one by the caller), or 0 at the end.
     */
    private long skipBlocks(String what) {
        while (true) {
            int at = pos;
            long count = readVarLong();
            if (count >= 0) {
                if (count > remaining()) {
                    throw corrupt(at, "a %s block of %d items, but only %d bytes are left", what, count, remaining());
                }
                return count;
            }
            if (count == Long.MIN_VALUE) {
                throw corrupt(at, "a %s block count of %d", what, count);
            }
            pos += readLength(what + " block byte size");
        }
    }

    @Override
    public int readIndex() {
        int at = pos;
        int index = readVarInt();
        if (index < 0) {
            throw corrupt(at, "a union branch index of %d", index);
        }
        return index;
    }
}
