package io.tempora.demo;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import io.tempora.pp.ConditionalIntensity;
import io.tempora.pp.Event;
import io.tempora.pp.PointProcess;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The demo's ground truth: every entity's events drawn from its own copy of one marked point process, with the
 * process's exact conditional intensity kept alongside, so that the console can show the model's predicted
 * intensity next to the true one.
 *
 * <p>Process time {@code t} maps to epoch milliseconds as {@code liveStartMs + (t − historyUnits) · unitMs}. Each
 * entity's history on {@code [0, historyUnits]} is simulated at construction (the first model's training data,
 * {@link #history()}), ending at the construction's {@code liveStartMs}; its events after {@code historyUnits} are
 * handed out one at a time in the live stream ({@link #emit}), each entity continuing its own history, so the live
 * stream is what the model was fitted to. {@link #startLive} moves {@code liveStartMs} to the moment the stream
 * starts: the wait for the app to start is not part of the process (the history goes to the events topic for the
 * training service before the app starts, and the app starts after it, see {@link HistoryTopic}), so it is a quiet
 * stretch of a few seconds between each entity's history and its live events on the topic.
 *
 * <p>The live stream across all entities, in time order, is {@link #nextDueMs} and {@link #emitNext}; a caller uses
 * either those or the per-entity {@link #nextEventMs} and {@link #emit}, not both.
 *
 * <p>Not thread-safe: one generator thread owns it.
 */
public final class SimulatedEntities {

    private final PointProcess process;
    private final TypeVocabulary types;
    private final double unitMs;
    private final double historyUnits;
    private long liveStartMs;
    private final String[] ids;
    private final ConditionalIntensity[] filters;
    private final SplittableRandom[] random;
    private final Event[] pending;
    private final long[] lastEmittedMs;
    private final int[] emitted;
    private final List<EventSequence> history;
    /** Entities by the time of their next live event: the head is the stream's next event. Built on first use. */
    private PriorityQueue<Integer> due;

    /** One event of the live stream, with the true total intensity (per second) just after it. */
    public record Emitted(
            int entity,
            String entityId,
            String eventId,
            long eventTimeMs,
            String type,
            double trueIntensityPerSecond) {}

    /**
     * Simulates every entity's history up to {@code historyUnits}.
     *
     * @param types names of the process's event types, one per type
     */
    public SimulatedEntities(
            PointProcess process,
            TypeVocabulary types,
            int entities,
            double unitMs,
            double historyUnits,
            long liveStartMs,
            long seed) {
        if (types.size() != process.numTypes()) {
            throw new IllegalArgumentException("the process has " + process.numTypes() + " types but " + types.size()
                    + " names were given: " + types.names());
        }
        this.process = process;
        this.types = types;
        this.unitMs = unitMs;
        this.historyUnits = historyUnits;
        this.liveStartMs = liveStartMs;
        this.ids = new String[entities];
        this.filters = new ConditionalIntensity[entities];
        this.random = new SplittableRandom[entities];
        this.pending = new Event[entities];
        this.lastEmittedMs = new long[entities];
        this.emitted = new int[entities];
        List<EventSequence> sequences = new ArrayList<>(entities);
        SplittableRandom root = new SplittableRandom(seed);
        for (int e = 0; e < entities; e++) {
            ids[e] = String.format(Locale.ROOT, "entity-%04d", e);
            random[e] = root.split();
            filters[e] = process.start();
            sequences.add(simulateHistory(e));
        }
        this.history = List.copyOf(sequences);
    }

    /** Draws entity {@code e}'s events up to {@code historyUnits}, keeping the first later one pending. */
    private EventSequence simulateHistory(int e) {
        ConditionalIntensity f = filters[e];
        double[] times = new double[64];
        int[] typeIds = new int[64];
        int n = 0;
        while (true) {
            Event next = f.sampleNext(random[e], Double.POSITIVE_INFINITY);
            if (next == null) {
                throw new IllegalStateException("the process stopped (its intensity vanished) for " + ids[e]);
            }
            if (next.time() > historyUnits) {
                pending[e] = next;
                break;
            }
            if (n == times.length) {
                times = Arrays.copyOf(times, 2 * n);
                typeIds = Arrays.copyOf(typeIds, 2 * n);
            }
            long ms = epochMillis(next.time());
            times[n] = ms;
            typeIds[n++] = next.type();
            lastEmittedMs[e] = ms;
            f.observe(next.time(), next.type());
        }
        emitted[e] = n;
        return EventSequence.of(ids[e], Arrays.copyOf(times, n), Arrays.copyOf(typeIds, n));
    }

    /** Maps the live stream's start ({@code historyUnits} in process time) to {@code nowMs}. */
    public void startLive(long nowMs) {
        liveStartMs = nowMs;
    }

    public TypeVocabulary types() {
        return types;
    }

    /** The events of every entity before the live stream, times in epoch milliseconds. */
    public Dataset history() {
        return Dataset.of(types, history);
    }

    public int size() {
        return ids.length;
    }

    public String id(int entity) {
        return ids[entity];
    }

    /** Wall time (epoch ms) at which entity {@code e}'s next live event happens. */
    public long nextEventMs(int e) {
        return epochMillis(pending[e].time());
    }

    /** Event time of entity {@code e}'s latest event (history or live), epoch ms. */
    public long lastEventMs(int e) {
        return lastEmittedMs[e];
    }

    /** Number of events entity {@code e} has had, history included. */
    public int eventCount(int e) {
        return emitted[e];
    }

    /**
     * Entity {@code e}'s next live event: it joins the entity's history (the true intensity is conditioned on it)
     * and the entity's following event is drawn.
     */
    public Emitted emit(int e) {
        Event next = pending[e];
        ConditionalIntensity f = filters[e];
        f.observe(next.time(), next.type());
        long ms = epochMillis(next.time());
        lastEmittedMs[e] = ms;
        int seq = emitted[e]++;
        pending[e] = f.sampleNext(random[e], Double.POSITIVE_INFINITY);
        if (pending[e] == null) {
            throw new IllegalStateException("the process stopped (its intensity vanished) for " + ids[e]);
        }
        return new Emitted(
                e, ids[e], ids[e] + "-" + seq, ms, types.name(next.type()), perSecond(f.totalIntensity(next.time())));
    }

    /** Wall time (epoch ms) of the live stream's next event, whichever entity's it is. */
    public long nextDueMs() {
        return nextEventMs(due().peek());
    }

    /**
     * The live stream's next event across all entities (the earliest pending one; ties in any order), as {@link #emit}
     * gives it. Each entity's events come in their time order.
     */
    public Emitted emitNext() {
        PriorityQueue<Integer> queue = due();
        int e = queue.poll();
        Emitted next = emit(e);
        queue.add(e);
        return next;
    }

    /** The entities ordered by their next event; {@link #startLive} shifts every time alike, so the order holds. */
    private PriorityQueue<Integer> due() {
        if (due == null) {
            due = new PriorityQueue<>(Math.max(1, ids.length), Comparator.comparingLong(this::nextEventMs));
            for (int e = 0; e < ids.length; e++) {
                due.add(e);
            }
        }
        return due;
    }

    /** Events per second of a rate given per process unit. */
    public double perSecond(double perUnit) {
        return perUnit * 1000.0 / unitMs;
    }

    private long epochMillis(double processTime) {
        return liveStartMs + Math.round((processTime - historyUnits) * unitMs);
    }
}
