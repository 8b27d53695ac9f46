package io.tempora.streams.state;

import io.tempora.model.EntityState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The store's bytes of an {@link EntityRecord}: a 4-byte magic and format ({@code TER1}), then the model
 * name and version, the event count and latest time, the {@link EntityState} in its own versioned format
 * (absent when no model has scored the entity), and the ring. Big-endian ({@link DataOutputStream}).
 *
 * <p>A format change gets a new magic and this class keeps reading every older one, so that stores and
 * changelogs survive an upgrade.
 */
public final class EntityRecordSerde implements Serde<EntityRecord> {

    /** Magic and format of the records this build writes. */
    static final byte[] MAGIC_V1 = {'T', 'E', 'R', '1'};
    /** Bounds that refuse a damaged record before it allocates much. */
    private static final int MAX_RING = 1 << 16;

    private static final int MAX_STRING_BYTES = 1 << 20;
    private static final int MAX_FEATURES = 1 << 16;
    private static final int MAX_STATE_BYTES = 1 << 24;

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
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.write(MAGIC_V1);
            writeString(out, r.modelName());
            out.writeLong(r.modelVersion());
            out.writeLong(r.eventCount());
            out.writeLong(r.lastEventTimeMs());
            if (r.state() == null) {
                out.writeInt(-1);
            } else {
                byte[] state = r.state().toBytes();
                out.writeInt(state.length);
                out.write(state);
            }
            List<RecentEvent> ring = r.recentEvents();
            out.writeInt(ring.size());
            for (RecentEvent e : ring) {
                out.writeBoolean(e.eventId() != null);
                if (e.eventId() != null) {
                    writeString(out, e.eventId());
                }
                out.writeLong(e.timeMs());
                writeString(out, e.type());
                out.writeInt(e.features().size());
                for (Map.Entry<String, Double> f : e.features().entrySet()) {
                    writeString(out, f.getKey());
                    out.writeDouble(f.getValue());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /**
     * Reads a record.
     *
     * @throws SerializationException if the bytes are not a record of a format this build reads
     */
    public static EntityRecord fromBytes(byte[] bytes) {
        if (bytes.length < MAGIC_V1.length || !Arrays.equals(Arrays.copyOf(bytes, MAGIC_V1.length), MAGIC_V1)) {
            throw new SerializationException("entity record of " + bytes.length + " bytes does not start with the "
                    + "magic " + new String(MAGIC_V1, StandardCharsets.US_ASCII) + "; not written by this application");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            in.skipNBytes(MAGIC_V1.length);
            String modelName = readString(in);
            long modelVersion = in.readLong();
            long count = in.readLong();
            long last = in.readLong();
            int stateLength = in.readInt();
            EntityState state = null;
            if (stateLength >= 0) {
                bounded(stateLength, MAX_STATE_BYTES, "latent state");
                state = EntityState.fromBytes(readExactly(in, stateLength));
            }
            int n = bounded(in.readInt(), MAX_RING, "ring");
            List<RecentEvent> ring = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String id = in.readBoolean() ? readString(in) : null;
                long time = in.readLong();
                String type = readString(in);
                int f = bounded(in.readInt(), MAX_FEATURES, "features");
                Map<String, Double> features = new LinkedHashMap<>();
                for (int j = 0; j < f; j++) {
                    features.put(readString(in), in.readDouble());
                }
                ring.add(new RecentEvent(id, time, type, features));
            }
            if (in.available() > 0) {
                throw new SerializationException(in.available() + " unread bytes after the entity record");
            }
            return new EntityRecord(state, modelName, modelVersion, count, last, ring);
        } catch (IOException | RuntimeException e) {
            if (e instanceof SerializationException se) {
                throw se;
            }
            throw new SerializationException("damaged entity record: " + e.getMessage(), e);
        }
    }

    private static int bounded(int n, int max, String what) {
        if (n < 0 || n > max) {
            throw new SerializationException(
                    "entity record claims " + n + " bytes or items of " + what + " (at most " + max + ")");
        }
        return n;
    }

    private static byte[] readExactly(DataInputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new SerializationException(
                    "entity record cut off: " + n + " bytes announced, " + b.length + " present");
        }
        return b;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = bounded(in.readInt(), MAX_STRING_BYTES, "a string");
        return new String(readExactly(in, n), StandardCharsets.UTF_8);
    }
}
