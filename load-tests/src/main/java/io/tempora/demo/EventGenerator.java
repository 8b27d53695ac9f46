package io.tempora.demo;

import io.tempora.schemas.Event;
import io.tempora.schemas.serde.EventSerializer;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's producer: the {@link SimulatedEntities}' live events in real time, as Avro ({@link EventSerializer}),
 * keyed by entity id, each with an event id; and every {@value #MALFORMED_EVERY_MS} ms one bad record
 * ({@link MalformedRecords}), the kinds in turn.
 *
 * <p>Runs on its own thread ({@link #run}) until {@link #stop} or its end time; the counters are read by other
 * threads while it runs. A record counts as produced once the broker has acknowledged it.
 */
final class EventGenerator implements Runnable {

    /** One bad record this often. */
    static final long MALFORMED_EVERY_MS = 2_000;
    /** Entities whose true intensity is kept per event for the console (the first ones). */
    static final int WATCHED = 5;
    /** Longest sleep between checks of the schedule and of {@link #stop}. */
    private static final long MAX_SLEEP_MS = 20;

    private static final Logger LOG = LoggerFactory.getLogger(EventGenerator.class);

    private final SimulatedEntities sim;
    private final Producer<byte[], byte[]> producer;
    private final EventSerializer serializer;
    private final String topic;
    private final long durationMs;
    private volatile boolean stopped;
    private volatile long startedMs;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Set<String> ackedEventIds = ConcurrentHashMap.newKeySet();
    private final Map<MalformedRecords.Kind, AtomicLong> malformedSent = new EnumMap<>(MalformedRecords.Kind.class);
    private final Map<String, Double> watchedTruth = new ConcurrentHashMap<>();
    private volatile Throwable failure;

    /** The latest good record sent: the template of the bad ones. */
    private int lastEntity = -1;

    private byte[] lastKey;
    private byte[] lastValue;

    /**
     * @param durationMs how long to generate; {@link Long#MAX_VALUE} until {@link #stop}
     */
    EventGenerator(
            SimulatedEntities sim,
            Producer<byte[], byte[]> producer,
            EventSerializer serializer,
            String topic,
            long durationMs) {
        this.sim = sim;
        this.producer = producer;
        this.serializer = serializer;
        this.topic = topic;
        this.durationMs = durationMs;
        for (MalformedRecords.Kind k : MalformedRecords.Kind.values()) {
            malformedSent.put(k, new AtomicLong());
        }
    }

    @Override
    public void run() {
        try {
            generate();
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.error("the event generator failed", e);
        } finally {
            producer.close();
            serializer.close();
        }
    }

    private void generate() {
        long start = System.currentTimeMillis();
        startedMs = start;
        sim.startLive(start);
        long end = durationMs == Long.MAX_VALUE ? Long.MAX_VALUE : start + durationMs;
        long nextMalformed = start + MALFORMED_EVERY_MS;
        long malformed = 0;
        while (!stopped) {
            long now = System.currentTimeMillis();
            if (now >= end) {
                return;
            }
            long due = sim.nextDueMs();
            if (due <= now) {
                sendGood(sim.emitNext());
            } else if (now >= nextMalformed && lastKey != null) {
                sendMalformed(MalformedRecords.kind(malformed), malformed, now);
                malformed++;
                nextMalformed += MALFORMED_EVERY_MS;
            } else {
                long wake = Math.min(Math.min(due, nextMalformed), end);
                sleep(Math.max(1, Math.min(MAX_SLEEP_MS, wake - now)));
            }
        }
    }

    private void sendGood(SimulatedEntities.Emitted ev) {
        Event event = MalformedRecords.event(ev.entityId(), ev.eventTimeMs(), ev.type(), ev.eventId());
        byte[] key = ev.entityId().getBytes(StandardCharsets.UTF_8);
        byte[] value = serializer.serialize(topic, event);
        if (ev.entity() < WATCHED) {
            watchedTruth.put(ev.eventId(), ev.trueIntensityPerSecond());
        }
        send(key, value, ev.eventId());
        lastEntity = ev.entity();
        lastKey = key;
        lastValue = value;
    }

    private void sendMalformed(MalformedRecords.Kind kind, long n, long now) {
        String id = sim.id(lastEntity);
        String type = sim.types().name(0);
        switch (kind) {
            case CORRUPT_BYTES -> send(lastKey, MalformedRecords.corrupt(lastValue), null);
            case KEY_MISMATCH -> {
                Event e = MalformedRecords.forOtherKey(id, now, type, n);
                String otherKey = sim.size() > 1 ? sim.id((lastEntity + 1) % sim.size()) : id + "-other";
                send(otherKey.getBytes(StandardCharsets.UTF_8), serializer.serialize(topic, e), e.getEventId());
            }
            case UNKNOWN_TYPE -> {
                Event e = MalformedRecords.unknownType(id, sim.lastEventMs(lastEntity), n);
                send(lastKey, serializer.serialize(topic, e), e.getEventId());
            }
            case LATE -> {
                Event e = MalformedRecords.late(id, sim.lastEventMs(lastEntity), type, n);
                send(lastKey, serializer.serialize(topic, e), e.getEventId());
            }
            case DUPLICATE -> send(lastKey, lastValue, null);
        }
        malformedSent.get(kind).incrementAndGet();
    }

    private void send(byte[] key, byte[] value, String eventId) {
        sent.incrementAndGet();
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, e) -> {
            if (e == null) {
                acked.incrementAndGet();
                if (eventId != null) {
                    ackedEventIds.add(eventId);
                }
            } else {
                failed.incrementAndGet();
                LOG.warn("an event was not produced: {}", e.toString());
            }
        });
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }

    /** Stops generating; {@link #run} sends what it has handed to the producer, closes it and returns. */
    void stop() {
        stopped = true;
    }

    /** Records the broker has acknowledged. */
    long produced() {
        return acked.get();
    }

    /** Records handed to the producer (acknowledged, failed or in flight). */
    long sent() {
        return sent.get();
    }

    /** Records the producer gave up on. */
    long failed() {
        return failed.get();
    }

    /** Wall time live generation began, 0 before. */
    long startedMs() {
        return startedMs;
    }

    /** Whether {@code eventId} is the id of an acknowledged record. */
    boolean wasProduced(String eventId) {
        return ackedEventIds.contains(eventId);
    }

    /** Bad records sent so far, by kind. */
    Map<MalformedRecords.Kind, Long> malformedSent() {
        Map<MalformedRecords.Kind, Long> out = new EnumMap<>(MalformedRecords.Kind.class);
        malformedSent.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** The true total intensity (per second) just after watched event {@code eventId}, forgotten once read. */
    Double takeTrueIntensity(String eventId) {
        return watchedTruth.remove(eventId);
    }

    /** Whether entity {@code entityId} is one the console shows. */
    boolean isWatched(String entityId) {
        for (int e = 0; e < Math.min(WATCHED, sim.size()); e++) {
            if (sim.id(e).equals(entityId)) {
                return true;
            }
        }
        return false;
    }

    /** The failure that ended generation early, or null. */
    Throwable failure() {
        return failure;
    }
}
