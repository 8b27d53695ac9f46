package io.tempora.streams.state;

import io.tempora.model.EntityState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * What the application stores per entity: the model-core {@link EntityState} (null until a model has
 * scored the entity), the model name and version that made it, the number of accepted events, the time
 * of the latest one, and a bounded ring of the most recent events (oldest first).
 *
 * <p>A record read from the store keeps its ring's older events encoded ({@link EncodedRing}) until a
 * caller asks for the events themselves, so that the common path (is this id a duplicate, append, store)
 * neither decodes nor re-encodes them.
 *
 * <p>Mutable and confined to the stream thread that owns the entity's partition.
 */
public final class EntityRecord {

    /** The model version of a record that no model has scored yet. */
    public static final long NO_MODEL_VERSION = -1;

    private EntityState state;
    private String modelName;
    private long modelVersion;
    private long eventCount;
    private long lastEventTimeMs;
    /** The ring's older events still as the store held them, or null; all of them precede {@link #ring}. */
    private EncodedRing encoded;
    /** The ring's decoded events, oldest first. */
    private final ArrayDeque<RecentEvent> ring;

    /** A new entity: no events, no state. */
    public EntityRecord() {
        this(null, "", NO_MODEL_VERSION, 0, Long.MIN_VALUE, List.of());
    }

    EntityRecord(
            EntityState state,
            String modelName,
            long modelVersion,
            long eventCount,
            long lastEventTimeMs,
            List<RecentEvent> recent) {
        this.state = state;
        this.modelName = modelName;
        this.modelVersion = modelVersion;
        this.eventCount = eventCount;
        this.lastEventTimeMs = lastEventTimeMs;
        this.ring = new ArrayDeque<>(recent);
    }

    /** A record read from the store, its ring's events still encoded. */
    EntityRecord(
            EntityState state,
            String modelName,
            long modelVersion,
            long eventCount,
            long lastEventTimeMs,
            EncodedRing encoded) {
        this(state, modelName, modelVersion, eventCount, lastEventTimeMs, List.of());
        this.encoded = encoded;
    }

    /** The latent state, or null when no model has scored this entity. */
    public EntityState state() {
        return state;
    }

    public String modelName() {
        return modelName;
    }

    /** The version of the model that made {@link #state()}, or {@link #NO_MODEL_VERSION}. */
    public long modelVersion() {
        return modelVersion;
    }

    /** Accepted events of this entity, all of them (not only those in the ring). */
    public long eventCount() {
        return eventCount;
    }

    /** Time of the latest accepted event (ms since the epoch); {@link Long#MIN_VALUE} before the first. */
    public long lastEventTimeMs() {
        return lastEventTimeMs;
    }

    /** Whether the entity has accepted any event. */
    public boolean hasEvents() {
        return eventCount > 0;
    }

    /** The recent events, oldest first (a copy). */
    public List<RecentEvent> recentEvents() {
        List<RecentEvent> all = new ArrayList<>(recentCount());
        if (encoded != null) {
            encoded.decodeInto(all);
        }
        all.addAll(ring);
        return all;
    }

    /** The number of recent events. */
    int recentCount() {
        return (encoded == null ? 0 : encoded.size()) + ring.size();
    }

    /** The ring's older events still encoded as read, or null; they precede {@link #decodedRing()}. */
    EncodedRing encodedRing() {
        return encoded;
    }

    /** The ring's decoded events, oldest first, after those of {@link #encodedRing()} (no copy). */
    Iterable<RecentEvent> decodedRing() {
        return ring;
    }

    /** Whether an event with this id is among the recent events ({@code eventId} null: never). */
    public boolean containsEventId(String eventId) {
        if (eventId == null) {
            return false;
        }
        if (encoded != null && encoded.containsId(eventId.getBytes(StandardCharsets.UTF_8))) {
            return true;
        }
        for (RecentEvent e : ring) {
            if (eventId.equals(e.eventId())) {
                return true;
            }
        }
        return false;
    }

    /** Records an accepted event: appended to the ring (dropping the oldest beyond {@code ringSize}). */
    public void accept(RecentEvent event, int ringSize) {
        ring.addLast(event);
        while (recentCount() > ringSize) {
            if (encoded != null && encoded.size() > 0) {
                encoded.dropOldest();
            } else {
                ring.removeFirst();
            }
        }
        eventCount++;
        lastEventTimeMs = Math.max(lastEventTimeMs, event.timeMs());
    }

    /** Sets the latent state and the model that made it. */
    public void scoredBy(EntityState newState, String name, long version) {
        this.state = newState;
        this.modelName = name;
        this.modelVersion = version;
    }
}
