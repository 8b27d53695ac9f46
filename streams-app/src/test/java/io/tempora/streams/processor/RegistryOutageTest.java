package io.tempora.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tempora.schemas.Event;
import io.tempora.schemas.serde.EventSerializer;
import io.tempora.schemas.serde.PredictionDeserializer;
import io.tempora.schemas.testing.CountingProxy;
import io.tempora.schemas.testing.RegistryDevExtension;
import io.tempora.schemas.testing.RegistryDevServer;
import io.tempora.streams.TemporaConfig;
import io.tempora.streams.TemporaTopology;
import io.tempora.streams.Topics;
import io.tempora.streams.model.ServingModel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A schema-registry outage is not a bad record: the processor waits it out for {@code tempora.registry.retry.ms},
 * then gives up on the record with a retriable error (the application replaces the stream thread, which re-reads
 * it from the last commit) and dead-letters nothing; once the registry answers, the same record is scored.
 */
@ExtendWith(RegistryDevExtension.class)
class RegistryOutageTest {

    private static final long RETRY_MS = 1_500;
    private static final int SERVICE_UNAVAILABLE = 503;

    private final RegistryDevServer registry;

    RegistryOutageTest(RegistryDevServer registry) {
        this.registry = registry;
    }

    @Test
    void anOutageIsWaitedOutAndGivenUpOnRetriablyNeverDeadLettered() throws Exception {
        Map<String, Object> direct = Map.of("schema.registry.url", registry.confluentApiUrl());
        byte[] value;
        try (EventSerializer serializer = new EventSerializer()) {
            serializer.configure(direct, false);
            value = serializer.serialize(
                    Topics.EVENTS,
                    Event.newBuilder()
                            .setEntityId("olga")
                            .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L))
                            .setType("click")
                            .setFeatures(Map.of("amount", 3.0))
                            .setEventId("o1")
                            .build());
        }
        try (CountingProxy proxy = new CountingProxy(registry.baseUrl())) {
            Map<String, Object> props = new HashMap<>();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "outage-test");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
            props.put("schema.registry.url", proxy.confluentApiUrl());
            props.put("max.retries", 0);
            props.put(TemporaConfig.REGISTRY_RETRY_MS_CONFIG, RETRY_MS);
            TemporaConfig config = new TemporaConfig(props);
            ServingModel model = EventProcessorTest.serving(1, EventProcessorTest.model("m@1", 7));
            try (TopologyTestDriver driver = new TopologyTestDriver(
                            TemporaTopology.build(config, () -> model), config.streamsProperties());
                    PredictionDeserializer predictions = new PredictionDeserializer()) {
                predictions.configure(direct, false);
                TestInputTopic<byte[], byte[]> events =
                        driver.createInputTopic(Topics.EVENTS, new ByteArraySerializer(), new ByteArraySerializer());
                TestOutputTopic<byte[], byte[]> out = driver.createOutputTopic(
                        Topics.PREDICTIONS, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                TestOutputTopic<byte[], byte[]> dlq = driver.createOutputTopic(
                        Topics.EVENTS_DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                byte[] key = "olga".getBytes(StandardCharsets.UTF_8);

                proxy.answerWith(SERVICE_UNAVAILABLE);
                long started = System.nanoTime();
                Throwable failure = catchThrowable(() -> events.pipeInput(key, value));
                long waitedMs = (System.nanoTime() - started) / 1_000_000;
                assertThat(failure)
                        .as("the record is given up on, not consumed")
                        .isNotNull();
                assertThat(causes(failure)).anyMatch(t -> t instanceof RetriableException);
                assertThat(waitedMs).as("the outage was waited out first").isGreaterThanOrEqualTo(RETRY_MS);
                assertThat(proxy.requests().size())
                        .as("asked the registry again and again")
                        .isGreaterThan(2);
                assertThat(dlq.isEmpty()).as("no dead letter for an outage").isTrue();
                assertThat(out.isEmpty()).isTrue();

                proxy.answerWith(0);
                events.pipeInput(key, value);
                assertThat(dlq.isEmpty()).isTrue();
                assertThat(predictions
                                .deserialize(Topics.PREDICTIONS, out.readValue())
                                .getSourceEventId())
                        .isEqualTo("o1");
            }
        }
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> all = new ArrayList<>();
        for (Throwable c = t; c != null && !all.contains(c); c = c.getCause()) {
            all.add(c);
        }
        return all;
    }
}
