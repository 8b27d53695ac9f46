package io.tempora.trainer.service;

import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import io.tempora.pp.PointProcess;
import io.tempora.schemas.Event;
import io.tempora.schemas.serde.EventSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Simulated entity histories on an events topic, as producers write them: Avro {@code Event}s in the Confluent wire
 * format keyed by entity id, the process's time unit taken as seconds from {@link #T0_MS}, type names the process's
 * type ids ("0".."K-1").
 */
final class EventsTopic {

    /** Epoch milliseconds of simulated time 0. */
    static final long T0_MS = 1_780_000_000_000L;

    private static final double MILLIS_PER_SECOND = 1000;

    private EventsTopic() {}

    /** {@code entities} histories of {@code events} events each, entity ids {@code prefix-i}. */
    static List<EventSequence> simulate(PointProcess process, int entities, int events, long seed, String prefix) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<EventSequence> out = new ArrayList<>();
        for (int e = 0; e < entities; e++) {
            out.add(process.simulate(events, rng.split(), prefix + "-" + e));
        }
        return out;
    }

    /** The sequences with times in epoch milliseconds (as the trainer reads them back), ids the type names' order. */
    static List<EventSequence> inMillis(List<EventSequence> sequences) {
        return sequences.stream()
                .map(s -> {
                    double[] t = new double[s.size()];
                    for (int i = 0; i < t.length; i++) {
                        t[i] = millis(s.time(i));
                    }
                    return EventSequence.of(s.entityId(), t, s.types());
                })
                .toList();
    }

    /** Produces every event of {@code sequences}, entity by entity, and waits until all are written. */
    static void produce(Map<String, Object> clientConfig, String topic, List<EventSequence> sequences) {
        TypeVocabulary names = TypeVocabulary.numbered(maxType(sequences) + 1);
        try (KafkaProducer<byte[], byte[]> producer = producer(clientConfig);
                EventSerializer serializer = new EventSerializer()) {
            serializer.configure(clientConfig, false);
            for (EventSequence s : sequences) {
                for (int i = 0; i < s.size(); i++) {
                    Event e = Event.newBuilder()
                            .setEntityId(s.entityId())
                            .setEventTime(Instant.ofEpochMilli(millis(s.time(i))))
                            .setType(names.name(s.type(i)))
                            .setEventId(s.entityId() + "-" + i)
                            .build();
                    producer.send(new ProducerRecord<>(topic, key(s.entityId()), serializer.serialize(topic, e)));
                }
            }
            producer.flush();
        }
    }

    /** Produces raw records (bad ones: any key, any bytes) and waits until the broker has acknowledged each. */
    static void produceRaw(Map<String, Object> clientConfig, String topic, List<ProducerRecord<byte[], byte[]>> records)
            throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer(clientConfig)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            records.forEach(r -> sent.add(producer.send(r)));
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        }
    }

    static byte[] key(String entity) {
        return entity.getBytes(StandardCharsets.UTF_8);
    }

    private static long millis(double seconds) {
        return T0_MS + Math.round(seconds * MILLIS_PER_SECOND);
    }

    private static KafkaProducer<byte[], byte[]> producer(Map<String, Object> clientConfig) {
        Map<String, Object> c = new java.util.HashMap<>(clientConfig);
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static int maxType(List<EventSequence> sequences) {
        int max = 0;
        for (EventSequence s : sequences) {
            for (int i = 0; i < s.size(); i++) {
                max = Math.max(max, s.type(i));
            }
        }
        return max;
    }
}
