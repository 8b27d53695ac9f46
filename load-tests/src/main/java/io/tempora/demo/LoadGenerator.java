package io.tempora.demo;

import io.tempora.schemas.Event;
import io.tempora.schemas.serde.EventSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A load generator: the {@link SimulatedEntities}' live stream (marked Hawkes events of N entities, in time order) as
 * Avro Events through the project's serde ({@link EventSerializer}), keyed by entity id, each with its event id, at a
 * target rate or as fast as the producer takes them, until a number of events or a duration is reached.
 *
 * <p>The pace is the target rate's, not the simulated process's: event {@code i} is sent {@code i / rate} seconds after
 * the start, whatever the events' own times (which stay the process's, so that a model trained on the process sees
 * the process). Where the demo's {@link EventGenerator} plays the process in real time with bad records mixed in, this
 * one sends good records only, at the rate a benchmark asks for.
 *
 * <p>Runs on the caller's thread and returns when every record sent is acknowledged or has failed.
 */
public final class LoadGenerator {

    /** The rate that means "as fast as possible". */
    public static final double MAX_RATE = Double.POSITIVE_INFINITY;

    /** How long the producer batches records: larger batches at high rates, little delay at paced ones. */
    static final int LINGER_MS = 5;

    /**
     * How much to send and how fast.
     *
     * @param maxEvents       events to send at most
     * @param maxDuration     how long to send at most
     * @param eventsPerSecond the target rate, or {@link #MAX_RATE}
     */
    public record Limits(long maxEvents, Duration maxDuration, double eventsPerSecond) {
        public Limits {
            if (maxEvents < 0) {
                throw new IllegalArgumentException("maxEvents must be >= 0, was " + maxEvents);
            }
            if (maxDuration.isNegative()) {
                throw new IllegalArgumentException("maxDuration must be >= 0, was " + maxDuration);
            }
            if (!(eventsPerSecond > 0)) {
                throw new IllegalArgumentException("the rate must be > 0 events/s, was " + eventsPerSecond);
            }
        }
    }

    /** Told of every acknowledged record, on the producer's I/O thread: keep it short. */
    @FunctionalInterface
    public interface Acknowledgements {
        /**
         * @param eventId      the event's id
         * @param appendTimeMs the record's timestamp as the broker stored it (its append time on a topic with
         *                     {@code message.timestamp.type=LogAppendTime})
         */
        void acknowledged(String eventId, long appendTimeMs);

        /** Listens to nothing. */
        static Acknowledgements none() {
            return (id, time) -> {};
        }
    }

    /**
     * What a run did.
     *
     * @param sent         records handed to the producer
     * @param acknowledged records the broker acknowledged
     * @param failed       records the producer gave up on
     * @param seconds      from the first send to the last acknowledgement
     * @param firstFailure the first failure's description, or null
     */
    public record Result(long sent, long acknowledged, long failed, double seconds, String firstFailure) {

        /** Acknowledged records per second. */
        public double eventsPerSecond() {
            return acknowledged / Math.max(seconds, Double.MIN_NORMAL);
        }
    }

    private LoadGenerator() {}

    /**
     * Sends {@code sim}'s next live events to {@code topic} within {@code limits}, then flushes {@code producer}
     * (which the caller closes). Stops early at the first failed record.
     */
    public static Result run(
            SimulatedEntities sim,
            Producer<byte[], byte[]> producer,
            EventSerializer serializer,
            String topic,
            Limits limits,
            Acknowledgements listener) {
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> failure = new AtomicReference<>();
        long start = System.nanoTime();
        long end = start + limits.maxDuration().toNanos();
        double nanosPerEvent = TimeUnit.SECONDS.toNanos(1) / limits.eventsPerSecond();
        long sent = 0;
        while (sent < limits.maxEvents() && failure.get() == null) {
            long now = System.nanoTime();
            if (now - end >= 0) {
                break;
            }
            long dueNanos = start + (long) (sent * nanosPerEvent);
            if (dueNanos - now > TimeUnit.MILLISECONDS.toNanos(1)) {
                sleepUntil(dueNanos);
                continue;
            }
            SimulatedEntities.Emitted ev = sim.emitNext();
            Event event = MalformedRecords.event(ev.entityId(), ev.eventTimeMs(), ev.type(), ev.eventId());
            byte[] key = ev.entityId().getBytes(StandardCharsets.UTF_8);
            String eventId = ev.eventId();
            producer.send(new ProducerRecord<>(topic, key, serializer.serialize(topic, event)), (meta, e) -> {
                if (e == null) {
                    acknowledged.incrementAndGet();
                    listener.acknowledged(eventId, meta.timestamp());
                } else {
                    failed.incrementAndGet();
                    failure.compareAndSet(null, e.toString());
                }
            });
            sent++;
        }
        producer.flush();
        return new Result(sent, acknowledged.get(), failed.get(), (System.nanoTime() - start) / 1e9, failure.get());
    }

    /** An idempotent producer of raw bytes with {@code acks=all}, as the demo's and the benchmarks' generators use. */
    public static KafkaProducer<byte[], byte[]> producer(Map<String, Object> clients, String clientId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, clients.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void sleepUntil(long dueNanos) {
        long wait = dueNanos - System.nanoTime();
        if (wait <= 0) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pacing the load", e);
        }
    }
}
