package io.tempora.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The streaming state of one entity under an {@link EventModel}: its latent vector {@code h} at
 * {@link #time()}, the time of its last event (for the gap fed to the jump), the number of events
 * seen, the compensator {@code ∫ λ} accumulated (in model units) since the last event by
 * {@link StreamingScorer#advance}, the version of the model that made it, and a step-size hint for the
 * next solve from it (see {@link #stepHint()}).
 *
 * <p>Times are in the data's own unit. Mutable: {@link StreamingScorer} updates it in place (no
 * allocation per event); {@link #copy()} forks it. {@link #toBytes()} / {@link #fromBytes(byte[])}
 * store it (the streams application keeps it in a state store). Not thread-safe.
 */
public final class EntityState {

    /** The format {@link #toBytes()} writes: "TES2", little-endian. */
    private static final int MAGIC = 0x54455332;
    /** The format without the step hint, "TES1": still read, its hint NaN. */
    private static final int MAGIC_V1 = 0x54455331;
    /** A bound on the latent dimension that only corrupt bytes exceed. */
    private static final int MAX_LATENT_DIM = 1 << 20;

    final double[] h;
    double time;
    double lastEventTime;
    long count;
    double compensator;
    String modelVersion;
    /**
     * A first step (model units) for the next solve from {@code (time, h)}: the step the solver's
     * controller chose there, recorded by {@link StreamingScorer#predictAndRecordHint} and
     * {@link StreamingScorer#advance};
     * NaN when unknown (a new state, right after an event). It changes no value the state stands for,
     * only how many evaluations the next solve from it takes.
     */
    double step = Double.NaN;

    EntityState(int latentDim, String modelVersion) {
        this.h = new double[latentDim];
        this.modelVersion = modelVersion;
    }

    /** The latent dimension {@code D}. */
    public int latentDim() {
        return h.length;
    }

    /** A copy of the latent vector at {@link #time()}. */
    public double[] latent() {
        return h.clone();
    }

    /** Component {@code i} of the latent vector (no copy). */
    public double latent(int i) {
        return h[i];
    }

    /** The time the latent vector is at (data units). */
    public double time() {
        return time;
    }

    /** The time of the entity's last event, or of the state's creation before any (data units). */
    public double lastEventTime() {
        return lastEventTime;
    }

    /** Events observed. */
    public long count() {
        return count;
    }

    /** {@code ∫ λ dt} (model units) from the last event to {@link #time()}, as {@link StreamingScorer#advance} left it. */
    public double pendingCompensator() {
        return compensator;
    }

    /**
     * The first step (model units) the scorer will try for the next solve from this state, or NaN for
     * its default: the step its controller chose from here on the last
     * {@link StreamingScorer#predictAndRecordHint} from this state (or at the end of the last advance).
     * Why: the default first step is calibrated once per scorer, the smallest over the model's typical
     * starting states, so from most states the controller starts larger (measurements:
     * {@code docs/decisions.md}, 2026-12-02).
     */
    public double stepHint() {
        return step;
    }

    /** The version of the model that made this state. */
    public String modelVersion() {
        return modelVersion;
    }

    /** An independent copy. */
    public EntityState copy() {
        EntityState c = new EntityState(h.length, modelVersion);
        c.copyFrom(this);
        return c;
    }

    /** Makes this state equal to {@code other} (same latent dimension); allocates nothing. */
    public void copyFrom(EntityState other) {
        if (other.h.length != h.length) {
            throw new IllegalArgumentException(
                    "cannot copy a state of dimension " + other.h.length + " into one of dimension " + h.length);
        }
        System.arraycopy(other.h, 0, h, 0, h.length);
        time = other.time;
        lastEventTime = other.lastEventTime;
        count = other.count;
        compensator = other.compensator;
        modelVersion = other.modelVersion;
        step = other.step;
    }

    /**
     * The state as bytes, format TES2, little-endian:
     * <pre>
     *   int    magic "TES2" (0x54455332)
     *   int    D
     *   double time, lastEventTime
     *   long   count
     *   double compensator, step hint
     *   int    n, then n bytes: the model version, UTF-8
     *   double h[0..D)
     * </pre>
     */
    public byte[] toBytes() {
        byte[] v = modelVersion.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf =
                ByteBuffer.allocate(4 + 4 + 8 * 5 + 4 + v.length + 8 * h.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(MAGIC)
                .putInt(h.length)
                .putDouble(time)
                .putDouble(lastEventTime)
                .putLong(count)
                .putDouble(compensator)
                .putDouble(step)
                .putInt(v.length)
                .put(v);
        for (double x : h) {
            buf.putDouble(x);
        }
        return buf.array();
    }

    /**
     * Reads {@link #toBytes()} output, and every older format: TES1 (TES2 without the step hint, which is
     * then NaN).
     *
     * @throws IllegalArgumentException if the bytes are not an entity state or are truncated
     */
    public static EntityState fromBytes(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        try {
            int magic = buf.getInt();
            if (magic != MAGIC && magic != MAGIC_V1) {
                throw new IllegalArgumentException(
                        "not an entity state (wrong magic number); was it written by " + "EntityState.toBytes?");
            }
            int d = buf.getInt();
            if (d < 1 || d > MAX_LATENT_DIM) {
                throw new IllegalArgumentException("entity state claims latent dimension " + d + "; corrupt bytes");
            }
            double time = buf.getDouble();
            double last = buf.getDouble();
            long count = buf.getLong();
            double comp = buf.getDouble();
            double step = magic == MAGIC ? buf.getDouble() : Double.NaN;
            int vlen = buf.getInt();
            if (vlen < 0 || vlen > buf.remaining()) {
                throw new IllegalArgumentException("entity state claims a version string of " + vlen
                        + " bytes but only " + buf.remaining() + " remain; truncated or corrupt");
            }
            byte[] v = new byte[vlen];
            buf.get(v);
            EntityState s = new EntityState(d, new String(v, StandardCharsets.UTF_8));
            s.time = time;
            s.lastEventTime = last;
            s.count = count;
            s.compensator = comp;
            s.step = step;
            for (int i = 0; i < d; i++) {
                s.h[i] = buf.getDouble();
            }
            if (buf.hasRemaining()) {
                throw new IllegalArgumentException("entity state has " + buf.remaining() + " trailing bytes; corrupt");
            }
            return s;
        } catch (java.nio.BufferUnderflowException ex) {
            throw new IllegalArgumentException("entity state bytes are truncated (" + bytes.length + " bytes)", ex);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntityState s
                && Arrays.equals(h, s.h)
                && Double.compare(time, s.time) == 0
                && Double.compare(lastEventTime, s.lastEventTime) == 0
                && count == s.count
                && Double.compare(compensator, s.compensator) == 0
                && Double.compare(step, s.step) == 0
                && modelVersion.equals(s.modelVersion);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(h) * 31 + Long.hashCode(count);
    }

    @Override
    public String toString() {
        return "EntityState[t=" + time + ", last=" + lastEventTime + ", count=" + count + ", pendingΛ=" + compensator
                + ", step=" + step + ", model=" + modelVersion + ", h=" + Arrays.toString(h) + "]";
    }
}
