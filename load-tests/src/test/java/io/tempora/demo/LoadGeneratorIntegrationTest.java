package io.tempora.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.pp.BenchmarkProcesses;
import io.tempora.schemas.Event;
import io.tempora.schemas.serde.EventDeserializer;
import io.tempora.schemas.serde.EventSerializer;
import io.tempora.schemas.testing.RegistryDevExtension;
import io.tempora.schemas.testing.RegistryDevServer;
import io.tempora.streams.testing.EmbeddedKafka;
import io.tempora.streams.testing.TopicContents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The load generator against a real broker (its topic with broker-side append times) and the dev registry: it sends
 * exactly the number of events asked, each entity's in time order with consecutive ids, keyed by entity, and tells the
 * listener each event's append time as the broker stored it; a zero duration sends nothing.
 */
@ExtendWith(RegistryDevExtension.class)
class LoadGeneratorIntegrationTest {

    private static final int PARTITIONS = 2;
    private static final int ENTITIES = 30;
    private static final int EVENTS = 600;
    private static final Duration GENEROUS = Duration.ofMinutes(2);

    private static EmbeddedKafka kafka;

    private final RegistryDevServer registry;

    LoadGeneratorIntegrationTest(RegistryDevServer registry) {
        this.registry = registry;
    }

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start(Path.of("target/kafka-load-generator"), Map.of());
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private Map<String, Object> clients() {
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", kafka.bootstrapServers());
        c.put("schema.registry.url", registry.confluentApiUrl());
        return c;
    }

    private static SimulatedEntities sim() {
        return new SimulatedEntities(
                BenchmarkProcesses.hawkes3Type().process(), Demo.TYPES, ENTITIES, 1000, 5, 1_800_000_000_000L, 3);
    }

    private static String topic(String name) {
        kafka.createTopics(List.of(new NewTopic(name, PARTITIONS, (short) 1)
                .configs(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"))));
        return name;
    }

    @Test
    void sendsTheEventsAskedEachEntityInOrderAndReportsTheirAppendTimes() {
        String topic = topic("load-all");
        Map<String, Long> appended = new ConcurrentHashMap<>();
        LoadGenerator.Result result =
                send(topic, new LoadGenerator.Limits(EVENTS, GENEROUS, LoadGenerator.MAX_RATE), appended::put);

        assertThat(result.sent()).isEqualTo(EVENTS);
        assertThat(result.acknowledged()).isEqualTo(EVENTS);
        assertThat(result.failed()).isZero();
        assertThat(result.firstFailure()).isNull();
        List<ConsumerRecord<byte[], byte[]>> records = TopicContents.all(kafka.bootstrapServers(), topic, GENEROUS);
        assertThat(records).hasSize(EVENTS);
        assertThat(appended).hasSize(EVENTS);
        Map<String, List<Event>> byEntity = new HashMap<>();
        try (EventDeserializer events = new EventDeserializer()) {
            events.configure(clients(), false);
            for (ConsumerRecord<byte[], byte[]> r : records) {
                Event e = events.deserialize(topic, r.value());
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(e.getEntityId());
                assertThat(appended.get(e.getEventId())).as(e.getEventId()).isEqualTo(r.timestamp());
                assertThat(Demo.TYPES.names()).contains(e.getType());
                byEntity.computeIfAbsent(e.getEntityId(), k -> new ArrayList<>())
                        .add(e);
            }
        }
        assertThat(byEntity).hasSizeGreaterThan(ENTITIES / 2);
        byEntity.forEach((entity, events) -> {
            for (int i = 1; i < events.size(); i++) {
                assertThat(events.get(i).getEventTime())
                        .isAfterOrEqualTo(events.get(i - 1).getEventTime());
                assertThat(sequenceNumber(events.get(i))).isEqualTo(sequenceNumber(events.get(i - 1)) + 1);
            }
        });
    }

    @Test
    void aZeroDurationSendsNothing() {
        String topic = topic("load-none");
        LoadGenerator.Result result = send(
                topic,
                new LoadGenerator.Limits(EVENTS, Duration.ZERO, LoadGenerator.MAX_RATE),
                LoadGenerator.Acknowledgements.none());

        assertThat(result.sent()).isZero();
        assertThat(TopicContents.all(kafka.bootstrapServers(), topic, GENEROUS)).isEmpty();
    }

    /** A fresh simulation's live stream sent to {@code topic} within {@code limits}. */
    private LoadGenerator.Result send(
            String topic, LoadGenerator.Limits limits, LoadGenerator.Acknowledgements listener) {
        try (EventSerializer serializer = new EventSerializer();
                KafkaProducer<byte[], byte[]> producer = LoadGenerator.producer(clients(), "test-" + topic)) {
            serializer.configure(clients(), false);
            return LoadGenerator.run(sim(), producer, serializer, topic, limits, listener);
        }
    }

    /** The N of an event id ENTITY-N. */
    private static long sequenceNumber(Event e) {
        String id = e.getEventId();
        return Long.parseLong(id.substring(id.lastIndexOf('-') + 1));
    }
}
