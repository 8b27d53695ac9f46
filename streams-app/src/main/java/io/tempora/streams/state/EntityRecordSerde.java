package io.tempora.streams.state;

import io.tempora.model.EntityState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The store's bytes of an {@link EntityRecord}: a 4-byte magic and format ({@code TER1}), then the model
 * name and version, the event count and latest time, the {@link EntityState} in its own versioned format
 * (absent when no model has scored the entity), and the ring (its events laid out as {@link EncodedRing}
 * says). Big-endian; a string is its UTF-8 length (4 bytes) and bytes.
 *
 * <p>The serde runs twice per event, so it works on one array: the record's size is computed first and
 * the output allocated once at that size, and reading leaves the ring's events encoded (an
 * {@link EncodedRing}) to be written back as they were, next to the events appended since.
 *
 * <p>A format change gets a new magic and this class keeps reading every older one, so that stores and
 * changelogs survive an upgrade.
 */
public final class EntityRecordSerde implements Serde<EntityRecord> {

    /** Magic and format of the records this build writes. */
    static final byte[] MAGIC_V1 = {'T', 'E', 'R', '1'};
    /** Bounds that refuse a damaged record before it allocates much. */
    static final int MAX_RING = 1 << 16;

    static final int MAX_STRING_BYTES = 1 << 20;
    static final int MAX_FEATURES = 1 << 16;
    static final int MAX_STATE_BYTES = 1 << 24;

    /** The encoding of an absent latent state, in place of its length. */
    private static final int NO_STATE = -1;

    @Override
    public Serializer<EntityRecord> serializer() {
        return (topic, record) -> record == null ? null : toBytes(record);
    }

    @Override
    public Deserializer<EntityRecord> deserializer() {
        return (topic, bytes) -> bytes == null ? null : fromBytes(bytes);
    }

    /** The record's bytes. */
    public static byte[] toBytes(EntityRecord r) {
        byte[] name = utf8(r.modelName());
        byte[] state = r.state() == null ? null : r.state().toBytes();
        EncodedRing encoded = r.encodedRing();
        int size = MAGIC_V1.length
                + Integer.BYTES
                + name.length
                + 3 * Long.BYTES
                + Integer.BYTES
                + (state == null ? 0 : state.length)
                + Integer.BYTES
                + (encoded == null ? 0 : encoded.byteLength());
        List<EncodedEvent> events = new ArrayList<>();
        for (RecentEvent e : r.decodedRing()) {
            EncodedEvent ee = new EncodedEvent(e);
            size += ee.length;
            events.add(ee);
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(MAGIC_V1);
        putString(out, name);
        out.putLong(r.modelVersion()).putLong(r.eventCount()).putLong(r.lastEventTimeMs());
        if (state == null) {
            out.putInt(NO_STATE);
        } else {
            out.putInt(state.length).put(state);
        }
        out.putInt(r.recentCount());
        if (encoded != null) {
            encoded.writeTo(out);
        }
        for (EncodedEvent e : events) {
            e.writeTo(out);
        }
        return out.array();
    }

    /**
     * Reads a record.
     *
     * @throws SerializationException if the bytes are not a record of a format this build reads
     */
    public static EntityRecord fromBytes(byte[] bytes) {
        if (bytes.length < MAGIC_V1.length || !Arrays.equals(bytes, 0, MAGIC_V1.length, MAGIC_V1, 0, MAGIC_V1.length)) {
            throw new SerializationException("entity record of " + bytes.length + " bytes does not start with the "
                    + "magic " + new String(MAGIC_V1, StandardCharsets.US_ASCII) + "; not written by this application");
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            in.position(MAGIC_V1.length);
            String modelName = readString(in);
            long modelVersion = in.getLong();
            long count = in.getLong();
            long last = in.getLong();
            int stateLength = in.getInt();
            EntityState state = null;
            if (stateLength != NO_STATE) {
                bounded(stateLength, MAX_STATE_BYTES, "latent state");
                state = EntityState.fromBytes(readExactly(in, stateLength));
            }
            int n = bounded(in.getInt(), MAX_RING, "ring");
            EncodedRing ring = EncodedRing.read(bytes, in.position(), n);
            int unread = in.remaining() - ring.byteLength();
            if (unread > 0) {
                throw new SerializationException(unread + " unread bytes after the entity record");
            }
            return new EntityRecord(state, modelName, modelVersion, count, last, ring);
        } catch (RuntimeException e) {
            if (e instanceof SerializationException se) {
                throw se;
            }
            throw new SerializationException("damaged entity record: " + e, e);
        }
    }

    static int bounded(int n, int max, String what) {
        if (n < 0 || n > max) {
            throw new SerializationException(
                    "entity record claims " + n + " bytes or items of " + what + " (at most " + max + ")");
        }
        return n;
    }

    private static byte[] readExactly(ByteBuffer in, int n) {
        if (n > in.remaining()) {
            throw new SerializationException(
                    "entity record cut off: " + n + " bytes announced, " + in.remaining() + " present");
        }
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    private static String readString(ByteBuffer in) {
        int n = bounded(in.getInt(), MAX_STRING_BYTES, "a string");
        return new String(readExactly(in, n), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void putString(ByteBuffer out, byte[] utf8) {
        out.putInt(utf8.length).put(utf8);
    }

    /** A decoded ring event's strings as UTF-8 and its encoded length, so that the output is sized first. */
    private static final class EncodedEvent {
        private final RecentEvent event;
        private final byte[] id;
        private final byte[] type;
        private final byte[][] names;
        private final double[] values;
        private final int length;

        EncodedEvent(RecentEvent e) {
            this.event = e;
            this.id = e.eventId() == null ? null : utf8(e.eventId());
            this.type = utf8(e.type());
            int f = e.features().size();
            this.names = new byte[f][];
            this.values = new double[f];
            int n = 1
                    + (id == null ? 0 : Integer.BYTES + id.length)
                    + Long.BYTES
                    + Integer.BYTES
                    + type.length
                    + Integer.BYTES;
            int j = 0;
            for (Map.Entry<String, Double> feature : e.features().entrySet()) {
                names[j] = utf8(feature.getKey());
                values[j] = feature.getValue();
                n += Integer.BYTES + names[j].length + Double.BYTES;
                j++;
            }
            this.length = n;
        }

        void writeTo(ByteBuffer out) {
            out.put(id == null ? (byte) 0 : (byte) 1);
            if (id != null) {
                putString(out, id);
            }
            out.putLong(event.timeMs());
            putString(out, type);
            out.putInt(names.length);
            for (int j = 0; j < names.length; j++) {
                putString(out, names[j]);
                out.putDouble(values[j]);
            }
        }
    }
}
