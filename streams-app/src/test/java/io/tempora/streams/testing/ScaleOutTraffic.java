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
import java.util.function.IntFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
        EventModel m = EventModel.create(
                new ModelArchitecture(4, 8, 3, 2, 1),
                1_000.0,
                TypeVocabulary.of(CLICK, BUY),
                new FeatureStatistics(List.of("amount"), new double[] {10}, new double[] {5}),
                ServingModel.label(model, 1),
                11);
        try (ModelPublisher publisher = new ModelPublisher(clientConfig, Topics.MODEL_PARAMETERS)) {
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
     */
    public static void produce(
            Map<String, Object> clientConfig, int events, int entities, IntFunction<String> entityOf) {
        Map<String, Object> c = new HashMap<>(clientConfig);
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        long t0 = System.currentTimeMillis() - EVENTS_END_BEFORE_NOW_MS;
        try (EventSerializer serializer = new EventSerializer();
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer())) {
            serializer.configure(c, false);
            for (int i = 0; i < events; i++) {
                String entity = entityOf.apply(i);
                Event e = Event.newBuilder()
                        .setEntityId(entity)
                        .setEventTime(Instant.ofEpochMilli(t0 + EVENT_SPACING_MS * (i / entities)))
                        .setType(i % 3 == 0 ? BUY : CLICK)
                        .setFeatures(Map.of("amount", (double) (i % 7)))
                        .setEventId("ev-" + i)
                        .build();
                producer.send(new ProducerRecord<>(
                        Topics.EVENTS,
                        entity.getBytes(StandardCharsets.UTF_8),
                        serializer.serialize(Topics.EVENTS, e)));
            }
            producer.flush();
        }
    }

    /**
     * Every committed prediction's source event id with how often it occurs, read from the beginning until
     * {@code count} are read and then to the end of what is committed (a duplicate after the expected count shows).
     */
    public static Map<String, Integer> predictionsPerSourceEvent(
            Map<String, Object> clientConfig, int count, Duration wait) {
        Map<String, Object> c = new HashMap<>(clientConfig);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, Integer> perId = new HashMap<>();
        try (PredictionDeserializer deserializer = new PredictionDeserializer();
                KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            deserializer.configure(c, false);
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(Topics.PREDICTIONS)
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
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
