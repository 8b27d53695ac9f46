package io.tempora.trainer.service;

import io.tempora.schemas.Event;
import io.tempora.schemas.serde.EventDeserializer;
import io.tempora.schemas.serde.SerdeFailure;
import io.tempora.streams.processor.DeadLetterReason;
import io.tempora.trainer.KafkaReads;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a run's window of the events topic: on every partition from the window's start (the beginning, or the offset
 * of {@code now − window.ms} by {@code offsetsForTimes}, moved later by a record limit) up to the end offsets found
 * when the run starts, so that events produced meanwhile wait for the next run. A consumer of its own, no group, no
 * commits, {@code read_committed} (aborted transactions are not events). Values are decoded here with the schemas
 * module's {@link EventDeserializer}, as the streams app's processor does: a record that does not decode, or decodes
 * to an event the app would refuse, or is of a type outside {@code tempora.train.types} when that is set, is counted
 * in {@link BadEvents} with the app's reason code and left out; an unreachable broker or registry is an {@link OutageException} once it has lasted {@code read.timeout.ms}.
 */
final class EventWindowReader {

    /** The consumer's client id unless the configuration gives one. */
    static final String DEFAULT_CLIENT_ID = "tempora-trainer-events";

    private static final Logger log = LoggerFactory.getLogger(EventWindowReader.class);

    /** How long one poll waits. */
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    /** The first wait before decoding a record again while the registry is unreachable (doubled up to a second). */
    private static final Duration DECODE_BACKOFF = Duration.ofMillis(100);

    private static final Duration MAX_DECODE_BACKOFF = Duration.ofSeconds(1);

    /**
     * What a run read.
     *
     * @param byEntity    each entity's events in the order read (per partition, offset order), entities in order of
     *                    first appearance
     * @param recordsRead records read in the window, bad ones included
     * @param bad         the records left out, by reason
     * @param range       per partition, {@code [start, end)} offsets read
     */
    record EventWindow(
            Map<String, List<WindowEvent>> byEntity,
            long recordsRead,
            BadEvents bad,
            Map<TopicPartition, long[]> range) {}

    private final TrainerConfig config;
    private final Set<String> allowedTypes;

    EventWindowReader(TrainerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.allowedTypes = config.types();
    }

    /**
     * Reads the window ending at the topic's end offsets now; {@code now} is the wall-clock instant the time window
     * is measured back from.
     *
     * @throws OutageException if the broker or registry is unreachable for longer than {@code read.timeout.ms}
     */
    EventWindow read(Instant now) {
        String topic = config.eventsTopic();
        Duration timeout = config.readTimeout();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                        consumerConfig(timeout), new ByteArrayDeserializer(), new ByteArrayDeserializer());
                EventDeserializer deserializer = new EventDeserializer()) {
            deserializer.configure(new HashMap<>(config.clientConfigs()), false);
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            BadEvents bad = new BadEvents();
            Map<String, List<WindowEvent>> byEntity = new LinkedHashMap<>();
            if (infos == null || infos.isEmpty()) {
                log.warn("events topic {} does not exist: the window is empty", topic);
                return new EventWindow(byEntity, 0, bad, Map.of());
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            Map<TopicPartition, long[]> range = range(consumer, partitions, now, timeout);
            consumer.assign(partitions);
            range.forEach((tp, r) -> consumer.seek(tp, r[0]));
            log.info("reading {} from {}", topic, describe(range));
            long read = 0;
            long lastProgress = System.nanoTime();
            while (!done(consumer, range)) {
                int polled = 0;
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL_TIMEOUT)) {
                    long end = range.get(new TopicPartition(r.topic(), r.partition()))[1];
                    if (r.offset() >= end) {
                        continue; // produced after the run started: the next run's
                    }
                    polled++;
                    read++;
                    accept(r, deserializer, byEntity, bad, timeout);
                }
                if (polled > 0) {
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > timeout.toNanos()) {
                    throw new OutageException("reading " + topic + " made no progress for " + timeout
                            + " (broker unreachable?); read " + read + " records of " + describe(range));
                }
            }
            return new EventWindow(byEntity, read, bad, range);
        } catch (OutageException e) {
            throw e;
        } catch (KafkaException e) {
            if (KafkaReads.isOutage(e)) {
                throw new OutageException("reading " + topic + ": " + e, e);
            }
            throw e;
        }
    }

    private Map<String, Object> consumerConfig(Duration timeout) {
        Map<String, Object> c = KafkaReads.grouplessConsumer(config.clientConfigs(), DEFAULT_CLIENT_ID);
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        return c;
    }

    /** Per partition {@code [start, end)}: the time window's start, moved later by the record limit. */
    private Map<TopicPartition, long[]> range(
            KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, Instant now, Duration timeout) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, timeout);
        Map<TopicPartition, Long> start = new HashMap<>(begin);
        if (config.windowMs() > 0) {
            long from = now.toEpochMilli() - config.windowMs();
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, from));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp o = found.get(tp);
                start.put(tp, o == null ? end.get(tp) : Math.max(begin.get(tp), o.offset()));
            }
        }
        long limit = config.windowRecords();
        long perPartition = limit == 0 ? Long.MAX_VALUE : (limit + partitions.size() - 1) / partitions.size();
        Map<TopicPartition, long[]> out = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            long e = end.get(tp);
            long s = Math.min(e, start.get(tp));
            if (perPartition != Long.MAX_VALUE) {
                s = Math.max(s, e - perPartition);
            }
            out.put(tp, new long[] {s, e});
        }
        return out;
    }

    private static boolean done(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, long[]> range) {
        for (Map.Entry<TopicPartition, long[]> e : range.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()[1]) {
                return false;
            }
        }
        return true;
    }

    /** Decodes and checks one record; a good event is added to its entity, a bad one counted. */
    private void accept(
            ConsumerRecord<byte[], byte[]> r,
            EventDeserializer deserializer,
            Map<String, List<WindowEvent>> byEntity,
            BadEvents bad,
            Duration timeout) {
        String where = r.topic() + "-" + r.partition() + "@" + r.offset();
        if (r.key() == null) {
            bad.add("MISSING_KEY", where, "the record has no key; events are keyed by their entityId");
            return;
        }
        if (r.value() == null) {
            bad.add("NULL_VALUE", where, "the record has no value (a tombstone)");
            return;
        }
        Event event;
        try {
            event = decode(r, deserializer, where, timeout);
        } catch (OutageException e) {
            throw e;
        } catch (RuntimeException e) {
            String reason = e instanceof SerdeFailure f ? f.reasonCode() : "CORRUPT_PAYLOAD";
            bad.add(reason, where, String.valueOf(e.getMessage()));
            return;
        }
        String key = new String(r.key(), StandardCharsets.UTF_8);
        if (!key.equals(event.getEntityId())) {
            bad.add(
                    "KEY_MISMATCH",
                    where,
                    "the record key '" + key + "' is not the event's entityId '" + event.getEntityId() + "'");
            return;
        }
        if (key.isBlank() || event.getType().isBlank()) {
            bad.add("INVALID_EVENT", where, "the entity id or the type is blank");
            return;
        }
        if (!allowedTypes.isEmpty() && !allowedTypes.contains(event.getType())) {
            bad.add(
                    DeadLetterReason.UNKNOWN_EVENT_TYPE.name(),
                    where,
                    "type '" + event.getType() + "' is not one of " + TrainerConfig.TYPES_CONFIG);
            return;
        }
        for (Map.Entry<String, Double> f : event.getFeatures().entrySet()) {
            if (!Double.isFinite(f.getValue())) {
                bad.add(
                        "NON_FINITE_FEATURE",
                        where,
                        "feature '" + f.getKey() + "' is " + f.getValue() + "; features must be finite");
                return;
            }
        }
        byEntity.computeIfAbsent(key, k -> new ArrayList<>())
                .add(new WindowEvent(
                        event.getEventTime().toEpochMilli(), event.getType(), event.getFeatures(), event.getEventId()));
    }

    /** The record's event, retrying while the registry is unreachable, for at most {@code timeout}. */
    private static Event decode(
            ConsumerRecord<byte[], byte[]> r, EventDeserializer deserializer, String where, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration backoff = DECODE_BACKOFF;
        while (true) {
            try {
                return deserializer.deserialize(r.topic(), r.headers(), r.value());
            } catch (RuntimeException e) {
                if (!KafkaReads.isOutage(e)) {
                    throw e;
                }
                if (System.nanoTime() > deadline) {
                    throw new OutageException(
                            "the schema registry stayed unreachable for " + timeout + " decoding " + where + ": " + e,
                            e);
                }
                log.warn("decoding {}: {}; retrying in {}", where, e.toString(), backoff);
                sleep(backoff);
                Duration doubled = backoff.multipliedBy(2);
                backoff = doubled.compareTo(MAX_DECODE_BACKOFF) > 0 ? MAX_DECODE_BACKOFF : doubled;
            }
        }
    }

    private static String describe(Map<TopicPartition, long[]> range) {
        StringBuilder sb = new StringBuilder();
        range.forEach((tp, r) -> sb.append(sb.length() == 0 ? "" : ", ")
                .append(tp)
                .append(" [")
                .append(r[0])
                .append(", ")
                .append(r[1])
                .append(")"));
        return sb.toString();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutageException("interrupted while waiting for the schema registry", e);
        }
    }
}
