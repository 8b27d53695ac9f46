package io.tempora.bench.query;

import io.tempora.schemas.Event;
import io.tempora.schemas.serde.EventSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Loads entities onto the events topic: {@code eventsPerEntity} events for each entity, {@link #GAP_MS} apart and
 * ending just before the load starts, types in turn, keyed by entity id. Each entity's events are produced in time
 * order (round after round over the entities), so the app accepts every one of them.
 */
public final class EntityLoad {

    /** Time between an entity's events: the demo's process unit, about one event per unit. */
    public static final long GAP_MS = 1_000;

    private static final int LINGER_MS = 20;
    private static final int BATCH_BYTES = 256 * 1024;

    private EntityLoad() {}

    /** The id of entity number {@code n}: fixed width, so that ids sort as their numbers. */
    public static String id(int n) {
        return String.format(Locale.ROOT, "q-%07d", n);
    }

    /**
     * Produces the events of entities {@code first} to {@code first + count - 1} and waits for every acknowledgement.
     *
     * @return the number of events produced
     * @throws IllegalStateException when the broker refused a record, with the first refusal
     */
    public static long produce(
            Map<String, Object> clients, String topic, List<String> types, int first, int count, int eventsPerEntity) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, clients.get("bootstrap.servers"));
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "tempora-bench-load");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
        long end = System.currentTimeMillis();
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        long sent = 0;
        try (EventSerializer serializer = new EventSerializer();
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            serializer.configure(clients, false);
            for (int j = 0; j < eventsPerEntity; j++) {
                Instant time = Instant.ofEpochMilli(end - (eventsPerEntity - j) * GAP_MS);
                String type = types.get(j % types.size());
                for (int n = first; n < first + count; n++) {
                    String entity = id(n);
                    Event e = Event.newBuilder()
                            .setEntityId(entity)
                            .setEventTime(time)
                            .setType(type)
                            .setFeatures(Map.of())
                            .setEventId(entity + "-" + j)
                            .build();
                    producer.send(
                            new ProducerRecord<>(
                                    topic, entity.getBytes(StandardCharsets.UTF_8), serializer.serialize(topic, e)),
                            (metadata, error) -> {
                                if (error != null) {
                                    failed.incrementAndGet();
                                    firstFailure.compareAndSet(null, error);
                                }
                            });
                    sent++;
                }
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(
                    failed.get() + " of " + sent + " events were not produced; the first: " + firstFailure.get(),
                    firstFailure.get());
        }
        return sent;
    }
}
