package io.tempora.streams.processor;

import io.tempora.schemas.EntityStatus;
import io.tempora.streams.state.EntityRecord;
import io.tempora.streams.state.LifetimeKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One task's entity lifetimes (docs/decisions.md, "state lifetime"): the time-ordered index of its stored
 * entities and eviction markers ({@link LifetimeKeys}), kept in step with the entity store on every write, and
 * the task's event-time watermark, the latest accepted event time (never ahead of the wall clock).
 *
 * <p>An entity is expired when its latest event is more than the TTL behind the watermark. Expiry is decided
 * the same way when the entity's next event arrives ({@link #arrive}) and when the eviction punctuation
 * removes it ({@link #evictExpired}), so what an event sees does not depend on when the punctuation ran.
 * An evicted entity leaves a marker (its id and latest event time) for the configured retention, by which
 * its return is told from a first appearance.
 *
 * <p>The index is kept only while eviction or timer predictions read it; without either, an event writes the
 * entity store alone, and an index left from a run with either is dropped so that turning them on again rebuilds
 * it from the entity store.
 *
 * <p>It keeps the task's count of stored entities ({@link EntityCounts}) in step with the same writes: one more
 * when an accepted event stores an entity that had no record, one fewer when the punctuation evicts one; an
 * entity that expires and returns at its own next event is replaced in place and leaves the count unchanged.
 *
 * <p>Confined to the task's stream thread, like the stores it writes.
 */
final class EntityLifetime {

    private static final byte[] PRESENT = new byte[0];
    /** Index entries collected per scan while dropping an unused index, so no iterator is open across deletes. */
    private static final int DROP_BATCH = 1_000;

    private final LifetimeSettings settings;
    private final KeyValueStore<String, EntityRecord> entities;
    private final KeyValueStore<Bytes, byte[]> index;
    private final KeyValueStore<String, Long> evicted;
    private final LongSupplier wallClock;
    /** The task's stored entities, read by the metrics scrape. */
    private final AtomicLong storedCount;
    /** Whether the index is kept in step: only eviction and timer predictions read it. */
    private final boolean indexed;
    /** Whether an index left from a run that kept it has been dropped (see {@link #dropUnusedIndex}). */
    private boolean unusedIndexDropped;

    private long watermarkMs = Long.MIN_VALUE;
    private boolean watermarkRead;
    /** Whether every stored entity is known to have its index entry; null until read from the index. */
    private Boolean indexComplete;
    /** The last entity id indexed by {@link #completeIndex}, or null to start from the first. */
    private String backfillCursor;
    /** The last index key the timer visited in the current round, or null to start a round. */
    private Bytes quietCursor;

    /** What an event finds of its entity: the record to apply it to, and what to report. */
    /**
     * @param storedTimeMs the stored record's latest event time, null when there is none
     * @param expired      whether the stored record expired and {@code record} replaces it
     * @param markerTimeMs the eviction marker's time, null when there is none
     */
    record Arrival(EntityRecord record, EntityStatus status, Long storedTimeMs, boolean expired, Long markerTimeMs) {}

    EntityLifetime(
            LifetimeSettings settings,
            KeyValueStore<String, EntityRecord> entities,
            KeyValueStore<Bytes, byte[]> index,
            KeyValueStore<String, Long> evicted,
            AtomicLong storedCount,
            LongSupplier wallClock) {
        this.settings = settings;
        this.indexed = settings.evicts() || settings.timers();
        this.storedCount = storedCount;
        this.wallClock = wallClock;
        this.entities = entities;
        this.index = index;
        this.evicted = evicted;
    }

    /**
     * The entities in {@code entities}, by a scan of the whole store: what a task's count starts from once its
     * store is restored.
     */
    static long countStored(KeyValueStore<String, EntityRecord> entities) {
        long n = 0;
        try (KeyValueIterator<String, EntityRecord> it = entities.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    /**
     * The entity {@code id} as an event at {@code eventTimeMs} finds it: its stored record
     * ({@link EntityStatus#CONTINUING}), a fresh one when it has none ({@link EntityStatus#NEW}, or
     * {@link EntityStatus#RETURNED_AFTER_EVICTION} when a marker remembers its eviction), or a fresh one when
     * its stored record has expired by the watermark this event would make ({@code RETURNED_AFTER_EVICTION}).
     * Nothing is written: {@link #accepted} does that if the event is accepted.
     */
    Arrival arrive(String id, long eventTimeMs) {
        EntityRecord stored = entities.get(id);
        if (stored != null) {
            long watermark = Math.max(watermark(), Math.min(eventTimeMs, wallClock.getAsLong()));
            if (isExpired(stored.lastEventTimeMs(), watermark)) {
                return new Arrival(
                        new EntityRecord(), EntityStatus.RETURNED_AFTER_EVICTION, stored.lastEventTimeMs(), true, null);
            }
            return new Arrival(stored, EntityStatus.CONTINUING, stored.lastEventTimeMs(), false, null);
        }
        Long marker = evicted.get(id);
        return new Arrival(
                new EntityRecord(),
                marker == null ? EntityStatus.NEW : EntityStatus.RETURNED_AFTER_EVICTION,
                null,
                false,
                marker);
    }

    /**
     * Stores {@code updated} for {@code id} after an accepted event and, where the index is kept, keeps it in step:
     * the entity's old entry (or its marker) goes, its entry at its new latest event time comes, and the watermark
     * advances.
     *
     * @return whether the entity was found expired and so evicted at this event
     */
    boolean accepted(String id, Arrival arrival, EntityRecord updated) {
        if (!indexed && !unusedIndexDropped) {
            dropUnusedIndex();
        }
        if (indexed && arrival.storedTimeMs() != null && arrival.storedTimeMs() != updated.lastEventTimeMs()) {
            index.delete(LifetimeKeys.key(LifetimeKeys.LIVE, arrival.storedTimeMs(), id));
        }
        if (arrival.markerTimeMs() != null) {
            evicted.delete(id);
            index.delete(LifetimeKeys.key(LifetimeKeys.EVICTED, arrival.markerTimeMs(), id));
        }
        entities.put(id, updated);
        if (arrival.storedTimeMs() == null) {
            storedCount.incrementAndGet();
        }
        if (indexed) {
            index.put(LifetimeKeys.key(LifetimeKeys.LIVE, updated.lastEventTimeMs(), id), PRESENT);
            watermarkMs = Math.max(watermark(), Math.min(updated.lastEventTimeMs(), wallClock.getAsLong()));
        }
        return arrival.expired();
    }

    /**
     * Drops the live entries and the completeness mark of an index this task no longer keeps (neither eviction
     * nor timers are on): entries not kept in step would otherwise be read as current once either is turned on
     * again, when {@link #completeIndex} instead rebuilds the index from the entity store. Eviction markers stay:
     * they are kept in step with the marker store by the events that clear them.
     *
     * @return the live entries dropped
     */
    int dropUnusedIndex() {
        unusedIndexDropped = true;
        if (indexed) {
            return 0;
        }
        if (index.get(LifetimeKeys.INDEX_COMPLETE) != null) {
            index.delete(LifetimeKeys.INDEX_COMPLETE);
        }
        int dropped = 0;
        List<Bytes> batch = new ArrayList<>(DROP_BATCH);
        do {
            batch.clear();
            try (KeyValueIterator<Bytes, byte[]> it = index.range(
                    LifetimeKeys.sectionStart(LifetimeKeys.LIVE), LifetimeKeys.sectionStart(LifetimeKeys.EVICTED))) {
                while (it.hasNext() && batch.size() < DROP_BATCH) {
                    Bytes key = it.next().key;
                    if (LifetimeKeys.section(key) == LifetimeKeys.LIVE) {
                        batch.add(key);
                    }
                }
            }
            batch.forEach(index::delete);
            dropped += batch.size();
        } while (batch.size() == DROP_BATCH);
        return dropped;
    }

    /**
     * Indexes at most {@code max} more stored entities, in id order, until every entity stored before the index
     * existed (an upgrade) has its entry; then marks the index complete, and later calls do nothing. The
     * entries of entities written since are rewritten unchanged.
     *
     * @return the entities indexed by this call
     */
    int completeIndex(int max) {
        if (indexComplete == null) {
            indexComplete = index.get(LifetimeKeys.INDEX_COMPLETE) != null;
        }
        if (indexComplete) {
            return 0;
        }
        List<KeyValue<String, Long>> batch = new ArrayList<>();
        boolean more;
        // Appending a NUL char gives the least string after the cursor: the scan continues just past it.
        try (KeyValueIterator<String, EntityRecord> it =
                entities.range(backfillCursor == null ? null : backfillCursor + '\0', null)) {
            while (it.hasNext() && batch.size() < max) {
                KeyValue<String, EntityRecord> e = it.next();
                batch.add(KeyValue.pair(e.key, e.value.lastEventTimeMs()));
            }
            more = it.hasNext();
        }
        for (KeyValue<String, Long> e : batch) {
            index.put(LifetimeKeys.key(LifetimeKeys.LIVE, e.value, e.key), PRESENT);
            watermarkMs = Math.max(watermark(), Math.min(e.value, wallClock.getAsLong()));
            backfillCursor = e.key;
        }
        if (!more) {
            index.put(LifetimeKeys.INDEX_COMPLETE, PRESENT);
            indexComplete = true;
        }
        return batch.size();
    }

    /**
     * Evicts at most {@code maxEvictions} expired entities, oldest first, leaving a marker for each while the
     * retention lasts, and forgets at most as many markers past their retention.
     *
     * @return the entities evicted
     */
    int evictExpired() {
        long watermark = watermark();
        if (!settings.evicts() || watermark == Long.MIN_VALUE) {
            return 0;
        }
        long cutoff = saturatedMinus(watermark, settings.ttlMs());
        int evictions = 0;
        for (KeyValue<Bytes, byte[]> e : oldest(LifetimeKeys.LIVE, cutoff, null, settings.maxEvictions())) {
            String id = LifetimeKeys.entityId(e.key);
            long time = LifetimeKeys.timeMs(e.key);
            index.delete(e.key);
            EntityRecord stored = entities.get(id);
            if (stored == null || stored.lastEventTimeMs() != time) {
                // An entry the entity has moved on from cannot outlive the write that moved it under exactly-once;
                // removing it is all there is to do.
                continue;
            }
            entities.delete(id);
            storedCount.decrementAndGet();
            evictions++;
            if (settings.evictedRetentionMs() > 0) {
                evicted.put(id, time);
                index.put(LifetimeKeys.key(LifetimeKeys.EVICTED, time, id), PRESENT);
            }
        }
        long forgetBefore = saturatedMinus(cutoff, settings.evictedRetentionMs());
        for (KeyValue<Bytes, byte[]> e : oldest(LifetimeKeys.EVICTED, forgetBefore, null, settings.maxEvictions())) {
            index.delete(e.key);
            evicted.delete(LifetimeKeys.entityId(e.key));
        }
        return evictions;
    }

    /**
     * The next at most {@code max} entities whose latest event is before {@code quietBeforeMs}, continuing the
     * current round from where the previous call stopped; once a round has visited every such entity the next
     * call starts another from the oldest. Expired entities (gone by TTL but not yet evicted) are left out.
     */
    List<String> nextQuiet(long quietBeforeMs, int max) {
        List<KeyValue<Bytes, byte[]>> batch = oldest(LifetimeKeys.LIVE, quietBeforeMs, quietCursor, max + 1);
        boolean more = batch.size() > max;
        List<String> ids = new ArrayList<>(Math.min(batch.size(), max));
        long watermark = watermark();
        for (int i = 0; i < batch.size() && i < max; i++) {
            Bytes key = batch.get(i).key;
            if (!isExpired(LifetimeKeys.timeMs(key), watermark)) {
                ids.add(LifetimeKeys.entityId(key));
            }
            quietCursor = key;
        }
        if (!more) {
            quietCursor = null;
        }
        return ids;
    }

    /**
     * The watermark: the latest accepted event time, capped at the wall clock when it was accepted; after a restart,
     * the newest live entry of the index, capped at the wall clock then.
     */
    long watermark() {
        if (!watermarkRead) {
            // The newest live entry holds the latest accepted event time that is still stored.
            try (KeyValueIterator<Bytes, byte[]> newest = index.reverseRange(
                    LifetimeKeys.sectionStart(LifetimeKeys.LIVE), LifetimeKeys.sectionStart(LifetimeKeys.EVICTED))) {
                if (newest.hasNext()) {
                    watermarkMs = Math.max(
                            watermarkMs, Math.min(LifetimeKeys.timeMs(newest.next().key), wallClock.getAsLong()));
                }
            }
            watermarkRead = true;
        }
        return watermarkMs;
    }

    private boolean isExpired(long lastEventTimeMs, long watermark) {
        return settings.evicts()
                && watermark != Long.MIN_VALUE
                && lastEventTimeMs < saturatedMinus(watermark, settings.ttlMs());
    }

    /**
     * Up to {@code max} entries of {@code section} older than {@code beforeMs}, oldest first, after {@code after}
     * when given. Collected before the caller writes, so that no iterator is open across writes to its store.
     */
    private List<KeyValue<Bytes, byte[]>> oldest(byte section, long beforeMs, Bytes after, int max) {
        List<KeyValue<Bytes, byte[]>> out = new ArrayList<>();
        Bytes from = after == null ? LifetimeKeys.sectionStart(section) : LifetimeKeys.successor(after);
        Bytes to = LifetimeKeys.sectionBefore(section, beforeMs);
        if (from.compareTo(to) > 0) {
            return out;
        }
        try (KeyValueIterator<Bytes, byte[]> it = index.range(from, to)) {
            while (it.hasNext() && out.size() < max) {
                KeyValue<Bytes, byte[]> e = it.next();
                if (LifetimeKeys.timeMs(e.key) < beforeMs) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    private static long saturatedMinus(long a, long b) {
        long r = a - b;
        // Overflow only when a and b have opposite signs and the result's sign differs from a's.
        return ((a ^ b) & (a ^ r)) < 0 ? Long.MIN_VALUE : r;
    }
}
