package io.tempora.streams.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of the time-ordered lifetime index: a section byte ({@link #LIVE} for stored entities, {@link #EVICTED}
 * for eviction markers), the time in 8 big-endian bytes with the sign bit flipped, then the entity id in UTF-8.
 * The store orders keys as unsigned bytes, so within a section they sort by time (negative times before
 * positive ones, which is what flipping the sign bit is for) and then by id; a range scan from a section's start
 * up to {@link #sectionBefore} finds exactly the entries older than a time.
 */
public final class LifetimeKeys {

    /** Section of the stored entities, keyed by their latest event time. */
    public static final byte LIVE = 0;
    /** Section of the eviction markers, keyed by the evicted entity's latest event time. */
    public static final byte EVICTED = 1;

    /**
     * The key whose presence says that every stored entity has its {@link #LIVE} entry: written once the entities
     * stored before the index existed have been indexed. In a section of its own, after the others.
     */
    public static final Bytes INDEX_COMPLETE = Bytes.wrap(new byte[] {Byte.MAX_VALUE});

    private static final int TIME_OFFSET = 1;
    private static final int ID_OFFSET = TIME_OFFSET + Long.BYTES;

    private LifetimeKeys() {}

    /** The key of entity {@code id} at {@code timeMs} in {@code section}. */
    public static Bytes key(byte section, long timeMs, String id) {
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(ID_OFFSET + idBytes.length)
                .put(section)
                .putLong(timeMs ^ Long.MIN_VALUE)
                .put(idBytes)
                .array());
    }

    /** The first possible key of {@code section}. */
    public static Bytes sectionStart(byte section) {
        return Bytes.wrap(new byte[] {section});
    }

    /**
     * The greatest key of {@code section} at a time before {@code timeMs}: every key of an entry older than
     * {@code timeMs} is at most this, and every key of an entry at {@code timeMs} or later is greater (the time
     * prefix of {@code timeMs} followed by nothing sorts before any id). Inclusive bound of a range scan; an
     * entity with an empty id at exactly {@code timeMs} is the one key equal to it, which callers skip by
     * checking {@link #timeMs}.
     */
    public static Bytes sectionBefore(byte section, long timeMs) {
        return Bytes.wrap(ByteBuffer.allocate(ID_OFFSET)
                .put(section)
                .putLong(timeMs ^ Long.MIN_VALUE)
                .array());
    }

    /** The key just after {@code key}: a range scan from it continues after {@code key}. */
    public static Bytes successor(Bytes key) {
        byte[] k = key.get();
        byte[] next = new byte[k.length + 1];
        System.arraycopy(k, 0, next, 0, k.length);
        return Bytes.wrap(next);
    }

    public static byte section(Bytes key) {
        return key.get()[0];
    }

    public static long timeMs(Bytes key) {
        return ByteBuffer.wrap(key.get(), TIME_OFFSET, Long.BYTES).getLong() ^ Long.MIN_VALUE;
    }

    public static String entityId(Bytes key) {
        byte[] k = key.get();
        return new String(k, ID_OFFSET, k.length - ID_OFFSET, StandardCharsets.UTF_8);
    }
}
