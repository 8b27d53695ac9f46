package io.tempora.streams.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.data.TypeVocabulary;
import io.tempora.model.EventModel;
import io.tempora.model.FeatureStatistics;
import io.tempora.model.ModelArchitecture;
import io.tempora.schemas.Event;
import io.tempora.schemas.Prediction;
import io.tempora.schemas.serde.EventSerializer;
import io.tempora.schemas.serde.PredictionDeserializer;
import io.tempora.streams.Topics;
import io.tempora.streams.model.ModelParametersMapper;
import io.tempora.streams.model.ModelPublisher;
import io.tempora.streams.model.ServingModel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The traffic of the scale-out tests (in process, and with the app in containers): a small model version, events
 * round-robin over entities, and the committed predictions counted per source event, so that a test can say
 * "every event has exactly one prediction". Each method takes the clients' configuration (bootstrap servers and
 * registry URL).
 */
public final class ScaleOutTraffic {

    /** Event types of the events and of the model's vocabulary. */
    private static final String CLICK = "click";

    private static final String BUY = "buy";
    /** Time between two events of one entity. */
    private static final long EVENT_SPACING_MS = 100;
    /** The events end this long before now, so that none is in the future for the app. */
    private static final long EVENTS_END_BEFORE_NOW_MS = 10_000;

    private static final Duration POLL = Duration.ofMillis(200);

    private ScaleOutTraffic() {}

    /** Publishes version 1 of a small model named {@code model} (types click and buy, one feature "amount"). */
    public static void publishSmallModel(Map<String, Object> clientConfig, String model, Duration timeout) {
        publishSmallModel(clientConfig, Topics.MODEL_PARAMETERS, model, timeout);
    }

    /** {@link #publishSmallModel(Map, String, Duration)} to the models topic {@code topic}. */
    public static void publishSmallModel(
            Map<String, Object> clientConfig, String topic, String model, Duration timeout) {
        EventModel m = EventModel.create(
                new ModelArchitecture(4, 8, 3, 2, 1),
                1_000.0,
                TypeVocabulary.of(CLICK, BUY),
                new FeatureStatistics(List.of("amount"), new double[] {10}, new double[] {5}),
                ServingModel.label(model, 1),
                11);
        try (ModelPublisher publisher = new ModelPublisher(clientConfig, topic)) {
            publisher.publish(
                    ModelParametersMapper.toAvro(
                            m, model, 1, OptionalLong.empty(), Instant.now(), Map.of(), Optional.empty()),
                    timeout);
        }
    }

    /**
     * Produces {@code events} events (ids ev-0, ev-1, ...) to {@link Topics#EVENTS}, the i-th for entity
     * {@code entityOf(i)}, round-robin over {@code entities} entities, {@value #EVENT_SPACING_MS} ms apart per
     * entity and ending before now.
     *
     * @throws IllegalStateException if the broker did not acknowledge every event
     */
    public static void produce(
            Map<String, Object> clientConfig, int events, int entities, IntFunction<String> entityOf) {
        produce(clientConfig, Topics.EVENTS, events, entities, entityOf);
    }

    /** {@link #produce(Map, int, int, IntFunction)} to the events topic {@code topic}. */
    public static void produce(
            Map<String, Object> clientConfig, String topic, int events, int entities, IntFunction<String> entityOf) {
        long t0 = startOfEvents();
        try (EventSerializer serializer = new EventSerializer();
                KafkaProducer<byte[], byte[]> producer = producer(clientConfig)) {
            serializer.configure(clientConfig, false);
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                sent.add(producer.send(record(topic, serializer, event(i, entities, entityOf, t0))));
            }
            producer.flush();
            sent.forEach(ScaleOutTraffic::acknowledged);
        }
    }

    /** An idempotent producer of raw bytes on {@code clientConfig}: a retried send is never written twice. */
    public static KafkaProducer<byte[], byte[]> producer(Map<String, Object> clientConfig) {
        Map<String, Object> c = new HashMap<>(clientConfig);
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The time of the first events produced now: early enough that none of them is in the future for the app. */
    public static long startOfEvents() {
        return System.currentTimeMillis() - EVENTS_END_BEFORE_NOW_MS;
    }

    /**
     * The i-th event of the traffic (id ev-i), for entity {@code entityOf(i)}, at {@code t0} plus
     * {@value #EVENT_SPACING_MS} ms per round over the {@code entities} entities.
     */
    public static Event event(int i, int entities, IntFunction<String> entityOf, long t0) {
        return Event.newBuilder()
                .setEntityId(entityOf.apply(i))
                .setEventTime(Instant.ofEpochMilli(t0 + EVENT_SPACING_MS * (i / entities)))
                .setType(i % 3 == 0 ? BUY : CLICK)
                .setFeatures(Map.of("amount", (double) (i % 7)))
                .setEventId(eventId(i))
                .build();
    }

    /** The id of the i-th event. */
    public static String eventId(int i) {
        return "ev-" + i;
    }

    /** {@code e} as a record of {@code topic}, keyed by its entity id. */
    public static ProducerRecord<byte[], byte[]> record(String topic, EventSerializer serializer, Event e) {
        return new ProducerRecord<>(
                topic, e.getEntityId().getBytes(StandardCharsets.UTF_8), serializer.serialize(topic, e));
    }

    /**
     * Waits for {@code send}'s acknowledgement.
     *
     * @throws IllegalStateException naming the cause when the broker did not acknowledge it
     */
    public static RecordMetadata acknowledged(Future<RecordMetadata> send) {
        try {
            return send.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("an event was not acknowledged: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for an acknowledgement", e);
        }
    }

    /**
     * Every committed prediction's source event id with how often it occurs, read from the beginning until
     * {@code count} are read and then to the end of what is committed (a duplicate after the expected count shows).
     */
    public static Map<String, Integer> predictionsPerSourceEvent(
            Map<String, Object> clientConfig, int count, Duration wait) {
        return predictionsPerSourceEvent(clientConfig, Topics.PREDICTIONS, count, wait);
    }

    /** {@link #predictionsPerSourceEvent(Map, int, Duration)} of the predictions topic {@code topic}. */
    public static Map<String, Integer> predictionsPerSourceEvent(
            Map<String, Object> clientConfig, String topic, int count, Duration wait) {
        Map<String, Object> c = new HashMap<>(clientConfig);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, Integer> perId = new HashMap<>();
        try (PredictionDeserializer deserializer = new PredictionDeserializer();
                KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            deserializer.configure(c, false);
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + wait.toNanos();
            int read = 0;
            while (read < count) {
                read += count(consumer, deserializer, perId);
                assertThat(System.nanoTime())
                        .as("waiting for %d predictions, %d read", count, read)
                        .isLessThan(deadline);
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                count(consumer, deserializer, perId);
                assertThat(System.nanoTime()).as("reading to the end").isLessThan(deadline);
            }
        }
        return perId;
    }

    /** One poll's predictions added to {@code perId}; returns how many. */
    private static int count(
            KafkaConsumer<byte[], byte[]> consumer, PredictionDeserializer deserializer, Map<String, Integer> perId) {
        int n = 0;
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
            Prediction p = deserializer.deserialize(r.topic(), r.value());
            perId.merge(String.valueOf(p.getSourceEventId()), 1, Integer::sum);
            n++;
        }
        return n;
    }
}
