package io.tempora.streams.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The oldest part of an entity's ring as the store's bytes held it: the events' TER1 encoding, kept
 * undecoded. An event usually only appends to the ring and asks whether an id is in it; both work on these
 * bytes (ids compared as UTF-8 bytes, dropped events skipped over), so a record that goes from the store
 * and back again re-emits them as they are instead of decoding and re-encoding every event. Decoded only
 * when a caller needs the events themselves (a re-filter, a query).
 *
 * <p>Each event: a byte that says whether an id follows, the id, the time (8 bytes), the type, the
 * number of features, then each feature's name and value (8 bytes); a string is its UTF-8 length (4
 * bytes) and bytes. Big-endian.
 */
final class EncodedRing {

    private static final int TIME_BYTES = Long.BYTES;
    private static final int VALUE_BYTES = Double.BYTES;

    private final byte[] bytes;
    private int start;
    private int count;

    private EncodedRing(byte[] bytes, int count) {
        this.bytes = bytes;
        this.count = count;
    }

    /**
     * The {@code n} events that start at {@code offset} of {@code source}, checked to be whole (each length
     * within the bounds); the events' bytes are copied, so the ring does not share {@code source}.
     *
     * @return the ring; {@link #byteLength()} says where in {@code source} the events end
     * @throws SerializationException if an event is cut off or claims more than the bounds allow
     */
    static EncodedRing read(byte[] source, int offset, int n) {
        int p = offset;
        for (int i = 0; i < n; i++) {
            p = skipEvent(source, p, source.length);
        }
        return new EncodedRing(Arrays.copyOfRange(source, offset, p), n);
    }

    /** The number of events kept. */
    int size() {
        return count;
    }

    /** The length of the kept events' encoding. */
    int byteLength() {
        return bytes.length - start;
    }

    /** Drops the oldest kept event. */
    void dropOldest() {
        if (count == 0) {
            throw new IllegalStateException("no encoded event to drop");
        }
        start = skipEvent(bytes, start, bytes.length);
        count--;
    }

    /** Whether a kept event has this id, given as its UTF-8 bytes. */
    boolean containsId(byte[] id) {
        int p = start;
        for (int i = 0; i < count; i++) {
            if (bytes[p] != 0) {
                int n = intAt(bytes, p + 1);
                int from = p + 1 + Integer.BYTES;
                if (n == id.length && Arrays.equals(bytes, from, from + n, id, 0, n)) {
                    return true;
                }
            }
            p = skipEvent(bytes, p, bytes.length);
        }
        return false;
    }

    /** Writes the kept events' encoding, as read, at the buffer's position. */
    void writeTo(ByteBuffer out) {
        out.put(bytes, start, bytes.length - start);
    }

    /** Decodes the kept events, oldest first, into {@code out}. */
    void decodeInto(Collection<RecentEvent> out) {
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        for (int i = 0; i < count; i++) {
            String id = in.get() != 0 ? string(in) : null;
            long time = in.getLong();
            String type = string(in);
            int f = in.getInt();
            Map<String, Double> features = new HashMap<>(2 * f);
            for (int j = 0; j < f; j++) {
                features.put(string(in), in.getDouble());
            }
            out.add(new RecentEvent(id, time, type, features));
        }
    }

    private static String string(ByteBuffer in) {
        int n = in.getInt();
        String s = new String(in.array(), in.arrayOffset() + in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }

    /** The offset after the event at {@code p}, checking each length against the bounds and {@code end}. */
    private static int skipEvent(byte[] b, int p, int end) {
        int q = need(p, 1, end);
        if (b[p] != 0) {
            q = skipString(b, q, end);
        }
        q = need(q, TIME_BYTES, end);
        q = skipString(b, q, end);
        int countAt = q;
        q = need(q, Integer.BYTES, end);
        int f = EntityRecordSerde.bounded(intAt(b, countAt), EntityRecordSerde.MAX_FEATURES, "features");
        for (int j = 0; j < f; j++) {
            q = skipString(b, q, end);
            q = need(q, VALUE_BYTES, end);
        }
        return q;
    }

    private static int skipString(byte[] b, int p, int end) {
        int q = need(p, Integer.BYTES, end);
        int n = EntityRecordSerde.bounded(intAt(b, p), EntityRecordSerde.MAX_STRING_BYTES, "a string");
        return need(q, n, end);
    }

    private static int need(int p, int n, int end) {
        if (n > end - p) {
            throw new SerializationException(
                    "entity record cut off: " + n + " bytes announced, " + Math.max(0, end - p) + " present");
        }
        return p + n;
    }

    private static int intAt(byte[] b, int p) {
        return (b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
    }
}
