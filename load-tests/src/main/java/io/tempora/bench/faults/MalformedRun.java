package io.tempora.bench.faults;

import io.tempora.bench.e2e.Backlog;
import io.tempora.demo.Demo;
import io.tempora.demo.LoadGenerator;
import io.tempora.demo.MalformedRecords;
import io.tempora.demo.SimulatedEntities;
import io.tempora.schemas.DeadLetter;
import io.tempora.schemas.serde.DeadLetterDeserializer;
import io.tempora.schemas.serde.EventSerializer;
import io.tempora.streams.TemporaApp;
import io.tempora.streams.testing.TopicContents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The malformed-input run: {@link FaultsOptions#malformed} bad records ({@link BadRecord}, the kinds in turn) spread
 * evenly through {@link FaultsOptions#good} valid events, each bad one right after a good one of its entity, sent as
 * fast as the producer takes them to a running product app. Afterwards every bad record's dead letter is looked up by
 * its source partition and offset (which the producer's acknowledgement gave) and its reason compared with the
 * kind's; every good event's predictions are counted by source event id; and the app's stream threads are those it
 * started with, in state RUNNING.
 */
final class MalformedRun {

    /** Longest the app may take to work off the stream before the run gives up. */
    static final Duration RUN_LIMIT = Duration.ofMinutes(20);
    /** Longest the producer may take to send the stream. */
    static final Duration SEND_LIMIT = Duration.ofMinutes(10);

    /**
     * What the run found.
     *
     * @param malformedSent       bad records acknowledged by the broker
     * @param deadLettered        bad records whose dead letter carries the expected reason
     * @param wrongReason         bad records dead-lettered with another reason
     * @param goodSent            good events acknowledged by the broker
     * @param goodMissing         good events without an EVENT prediction
     * @param goodDuplicated      good events with more than one EVENT prediction
     * @param goodDeadLettered    good events (by source offset) that were dead-lettered
     * @param threadsDied         stream threads present at the start and gone at the end, plus one if the app is not
     *                            RUNNING at the end
     * @param sentByKind          bad records sent, by kind
     * @param firstWrongReason    the first wrong reason seen, or null
     */
    record Outcome(
            long malformedSent,
            long deadLettered,
            long wrongReason,
            long goodSent,
            long goodMissing,
            long goodDuplicated,
            long goodDeadLettered,
            long threadsDied,
            Map<BadRecord.Kind, Long> sentByKind,
            String firstWrongReason) {

        /** Share of the bad records dead-lettered with their expected reason, in percent. */
        double deadLetteredPct() {
            return malformedSent == 0 ? 100 : 100.0 * deadLettered / malformedSent;
        }
    }

    private final FaultsOptions options;
    private final Map<String, Object> clients;
    private final String bootstrap;
    private final String eventsTopic;
    private final String predictionsTopic;
    private final String dlqTopic;

    MalformedRun(
            FaultsOptions options,
            Map<String, Object> clients,
            String eventsTopic,
            String predictionsTopic,
            String dlqTopic) {
        this.options = options;
        this.clients = clients;
        this.bootstrap = (String) clients.get("bootstrap.servers");
        this.eventsTopic = eventsTopic;
        this.predictionsTopic = predictionsTopic;
        this.dlqTopic = dlqTopic;
    }

    /**
     * Sends the mixed stream to {@code app}'s events topic (its application id {@code applicationId}), waits for it
     * to be worked off, and checks the outputs.
     */
    Outcome run(TemporaApp app, String applicationId, Admin admin, EventSerializer serializer, SimulatedEntities load)
            throws InterruptedException {
        Set<String> threadsAtStart = StreamThreads.names(app);
        Map<String, BadRecord.Kind> badAt = new ConcurrentHashMap<>();
        Map<String, String> goodAt = new ConcurrentHashMap<>();
        Map<BadRecord.Kind, Long> sentByKind = new EnumMap<>(BadRecord.Kind.class);
        AtomicReference<String> failure = new AtomicReference<>();
        Random random = new Random(options.seed());
        long deadline = System.nanoTime() + SEND_LIMIT.toNanos();
        try (KafkaProducer<byte[], byte[]> producer = LoadGenerator.producer(clients, "faults-malformed")) {
            long bad = 0;
            for (long i = 0; i < options.good() && failure.get() == null; i++) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "sending the malformed-input stream took longer than " + SEND_LIMIT);
                }
                SimulatedEntities.Emitted ev = load.emitNext();
                byte[] key = ev.entityId().getBytes(StandardCharsets.UTF_8);
                byte[] value = serializer.serialize(
                        eventsTopic, MalformedRecords.event(ev.entityId(), ev.eventTimeMs(), ev.type(), ev.eventId()));
                String eventId = ev.eventId();
                producer.send(new ProducerRecord<>(eventsTopic, key, value), (m, e) -> {
                    if (e == null) {
                        goodAt.put(at(m.partition(), m.offset()), eventId);
                    } else {
                        failure.compareAndSet(null, e.toString());
                    }
                });
                BadRecord.Template template = new BadRecord.Template(
                        ev.entityId(), load.id((ev.entity() + 1) % load.size()), ev.eventTimeMs(), ev.type(), value);
                long badDue = (i + 1) * options.malformed() / options.good();
                for (; bad < badDue; bad++) {
                    BadRecord r = BadRecord.make(bad, template, serializer, eventsTopic, random);
                    sentByKind.merge(r.kind(), 1L, Long::sum);
                    producer.send(new ProducerRecord<>(eventsTopic, r.key(), r.value()), (m, e) -> {
                        if (e == null) {
                            badAt.put(at(m.partition(), m.offset()), r.kind());
                        } else {
                            failure.compareAndSet(null, e.toString());
                        }
                    });
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException(
                    "a record of the malformed-input stream was not produced: " + failure.get());
        }
        Map<TopicPartition, Long> ends = Backlog.endOffsets(admin, eventsTopic, Demo.PARTITIONS);
        Backlog.awaitCommitted(
                admin, applicationId, ends, () -> app.streams().state().isRunningOrRebalancing(), RUN_LIMIT);
        long threadsDied = StreamThreads.died(app, threadsAtStart);
        return check(badAt, goodAt, sentByKind, threadsDied);
    }

    private Outcome check(
            Map<String, BadRecord.Kind> badAt,
            Map<String, String> goodAt,
            Map<BadRecord.Kind, Long> sentByKind,
            long threadsDied) {
        long[] dead = new long[3]; // expected reason, wrong reason, good records dead-lettered
        String[] firstWrong = {null};
        Set<String> lettered = new HashSet<>();
        try (DeadLetterDeserializer letters = new DeadLetterDeserializer()) {
            letters.configure(clients, false);
            TopicContents.forEach(bootstrap, dlqTopic, EventPredictions.READ_LIMIT, r -> {
                DeadLetter d = letters.deserialize(dlqTopic, r.value());
                if (!eventsTopic.equals(d.getSourceTopic())) {
                    return;
                }
                String where = at(d.getSourcePartition(), d.getSourceOffset());
                if (!lettered.add(where)) {
                    throw new IllegalStateException("two dead letters for " + eventsTopic + " " + where);
                }
                BadRecord.Kind kind = badAt.get(where);
                if (kind == null) {
                    dead[2]++;
                } else if (kind.expectedReason().equals(d.getReasonCode())) {
                    dead[0]++;
                } else {
                    dead[1]++;
                    if (firstWrong[0] == null) {
                        firstWrong[0] = kind + " at " + where + " dead-lettered as " + d.getReasonCode() + " ("
                                + d.getReasonMessage() + "), expected " + kind.expectedReason();
                    }
                }
            });
        }
        Map<String, Integer> predictions = EventPredictions.count(clients, predictionsTopic, p -> true);
        long missing = 0;
        long duplicated = 0;
        for (String eventId : goodAt.values()) {
            int n = predictions.getOrDefault(eventId, 0);
            if (n == 0) {
                missing++;
            } else if (n > 1) {
                duplicated++;
            }
        }
        return new Outcome(
                badAt.size(),
                dead[0],
                dead[1],
                goodAt.size(),
                missing,
                duplicated,
                dead[2],
                threadsDied,
                sentByKind,
                firstWrong[0]);
    }

    private static String at(int partition, long offset) {
        return partition + "@" + offset;
    }
}
