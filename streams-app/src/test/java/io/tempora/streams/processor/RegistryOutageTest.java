package io.tempora.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tempora.schemas.Event;
import io.tempora.schemas.serde.EventSerializer;
import io.tempora.schemas.serde.PredictionDeserializer;
import io.tempora.schemas.serde.registry.RegistryClientSettings;
import io.tempora.schemas.testing.CountingProxy;
import io.tempora.schemas.testing.RegistryDevExtension;
import io.tempora.schemas.testing.RegistryDevServer;
import io.tempora.streams.TemporaConfig;
import io.tempora.streams.TemporaTopology;
import io.tempora.streams.Topics;
import io.tempora.streams.model.ServingModel;
import io.tempora.streams.testing.DriverStateDir;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A schema-registry outage is not a bad record: the processor waits it out for {@code tempora.registry.retry.ms},
 * then gives up on the record with a retriable error (the application replaces the stream thread, which re-reads
 * it from the last commit) and dead-letters nothing; once the registry answers, the same record is scored.
 *
 * <p>The stream thread waits for an outage once: the record in hand waits, those behind it wait behind it, and the
 * registry is contacted by one failed request and then by one probe per interval, whatever the number of records;
 * when it answers again every record is scored, none dead-lettered or lost. Shown for a registry that refuses
 * connections and for one that accepts them and never answers, with the serdes' default timeouts.
 */
@ExtendWith(RegistryDevExtension.class)
class RegistryOutageTest {

    /** The wait budget of the give-up test: shorter than the serdes' default probe interval. */
    private static final long RETRY_MS = 1_500;

    private static final int SERVICE_UNAVAILABLE = 503;
    /** Records that arrive during the outage. */
    private static final int RECORDS = 20;
    /** A wait budget no outage in these tests comes near: the stream thread never gives up here. */
    private static final long PATIENT_RETRY_MS = 300_000;
    /** Bound on how long a test waits for the stream thread, so that a hang fails instead of blocking the build. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    /** How the registry fails. */
    enum Outage {
        REFUSES_CONNECTIONS,
        NEVER_ANSWERS
    }

    private final RegistryDevServer registry;

    RegistryOutageTest(RegistryDevServer registry) {
        this.registry = registry;
    }

    @Test
    void anOutageIsWaitedOutAndGivenUpOnRetriablyNeverDeadLettered() throws Exception {
        byte[] value = serialize(event("olga", "o1", 1_700_000_000_000L, 3.0));
        try (CountingProxy proxy = new CountingProxy(registry.baseUrl());
                App app = App.start(proxy.confluentApiUrl(), "outage-test", RETRY_MS);
                PredictionDeserializer predictions = predictionDeserializer()) {
            TestInputTopic<byte[], byte[]> events = app.events();
            TestOutputTopic<byte[], byte[]> out = app.predictions();
            TestOutputTopic<byte[], byte[]> dlq = app.deadLetters();
            byte[] key = "olga".getBytes(StandardCharsets.UTF_8);

            assertThat(RETRY_MS).isLessThan(RegistryClientSettings.DEFAULT_OUTAGE_PROBE_INTERVAL.toMillis());
            proxy.answerWith(SERVICE_UNAVAILABLE);
            Throwable failure = catchThrowable(() -> events.pipeInput(key, value));
            assertThat(failure).as("the record is given up on, not consumed").isNotNull();
            assertThat(causes(failure)).anyMatch(t -> t instanceof RetriableException);
            assertThat(proxy.requests())
                    .as("one request found the outage; the wait contacted the registry no more, as the"
                            + " default probe interval is longer than the wait")
                    .hasSize(1);
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

    @ParameterizedTest
    @EnumSource(Outage.class)
    void recordsArrivingDuringAnOutageWaitOnceAndAreAllScoredWhenTheRegistryIsBack(Outage outage) throws Exception {
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            values.add(serialize(event("e" + i, "ev" + i, 1_700_000_000_000L + i, 1.0 + i)));
        }
        try (CountingProxy proxy = new CountingProxy(registry.baseUrl());
                App app = App.start(proxy.confluentApiUrl(), "outage-once-test", PATIENT_RETRY_MS);
                PredictionDeserializer predictions = predictionDeserializer()) {
            TestInputTopic<byte[], byte[]> events = app.events();
            TestOutputTopic<byte[], byte[]> out = app.predictions();
            TestOutputTopic<byte[], byte[]> dlq = app.deadLetters();
            if (outage == Outage.REFUSES_CONNECTIONS) {
                proxy.refuseConnections();
            } else {
                proxy.freeze();
            }
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            Thread streamThread = new Thread(
                    () -> {
                        try {
                            for (int i = 0; i < RECORDS; i++) {
                                events.pipeInput(("e" + i).getBytes(StandardCharsets.UTF_8), values.get(i));
                            }
                        } catch (Throwable t) {
                            failures.add(t);
                        }
                    },
                    "outage-test-stream-thread");
            streamThread.setDaemon(true);
            streamThread.start();

            awaitWaitingForTheRegistry(streamThread);
            int requestsDuringOutage = proxy.requests().size();
            proxy.answerWith(0);
            streamThread.join(HANG_GUARD.toMillis());

            assertThat(streamThread.isAlive()).as("the stream thread finished").isFalse();
            assertThat(failures).isEmpty();
            if (outage == Outage.NEVER_ANSWERS) {
                assertThat(requestsDuringOutage)
                        .as("one request found the outage; no record behind it contacted the registry")
                        .isEqualTo(1);
            }
            assertThat(dlq.isEmpty()).as("no dead letter for an outage").isTrue();
            List<String> scored = new ArrayList<>();
            for (byte[] prediction : out.readValuesToList()) {
                scored.add(predictions
                        .deserialize(Topics.PREDICTIONS, prediction)
                        .getSourceEventId()
                        .toString());
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                expected.add("ev" + i);
            }
            assertThat(scored).as("every record scored once, in order").isEqualTo(expected);
        }
    }

    /**
     * The app's topology in a test driver, its serdes pointed at {@code registryUrl} with one attempt per request
     * and the given wait budget, and its event, prediction and dead-letter topics.
     */
    private record App(
            TopologyTestDriver driver,
            TestInputTopic<byte[], byte[]> events,
            TestOutputTopic<byte[], byte[]> predictions,
            TestOutputTopic<byte[], byte[]> deadLetters)
            implements AutoCloseable {

        static App start(String registryUrl, String applicationId, long retryMs) {
            Map<String, Object> props = new HashMap<>();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
            props.put(StreamsConfig.STATE_DIR_CONFIG, DriverStateDir.fresh());
            props.put("schema.registry.url", registryUrl);
            props.put("max.retries", 0);
            props.put(TemporaConfig.REGISTRY_RETRY_MS_CONFIG, retryMs);
            TemporaConfig config = new TemporaConfig(props);
            ServingModel model = EventProcessorTest.serving(1, EventProcessorTest.model("m@1", 7));
            TopologyTestDriver driver =
                    new TopologyTestDriver(TemporaTopology.build(config, () -> model), config.streamsProperties());
            return new App(
                    driver,
                    driver.createInputTopic(Topics.EVENTS, new ByteArraySerializer(), new ByteArraySerializer()),
                    driver.createOutputTopic(
                            Topics.PREDICTIONS, new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                    driver.createOutputTopic(
                            Topics.EVENTS_DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
        }

        @Override
        public void close() {
            driver.close();
        }
    }

    private static Event event(String entityId, String eventId, long eventTimeMs, double amount) {
        return Event.newBuilder()
                .setEntityId(entityId)
                .setEventTime(Instant.ofEpochMilli(eventTimeMs))
                .setType("click")
                .setFeatures(Map.of("amount", amount))
                .setEventId(eventId)
                .build();
    }

    /** {@code event} as a producer writes it, registered directly with the registry. */
    private byte[] serialize(Event event) {
        try (EventSerializer serializer = new EventSerializer()) {
            serializer.configure(direct(), false);
            return serializer.serialize(Topics.EVENTS, event);
        }
    }

    private PredictionDeserializer predictionDeserializer() {
        PredictionDeserializer predictions = new PredictionDeserializer();
        predictions.configure(direct(), false);
        return predictions;
    }

    private Map<String, Object> direct() {
        return Map.of("schema.registry.url", registry.confluentApiUrl());
    }

    /**
     * Returns once {@code streamThread} sleeps in {@link RegistryRetry}: the registry has been found down and the
     * thread waits for it.
     */
    private static void awaitWaitingForTheRegistry(Thread streamThread) throws InterruptedException {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        while (System.nanoTime() < deadline) {
            StackTraceElement[] stack = streamThread.getStackTrace();
            boolean sleeping = stack.length > 0 && stack[0].getMethodName().startsWith("sleep");
            if (sleeping
                    && Arrays.stream(stack).anyMatch(f -> f.getClassName().equals(RegistryRetry.class.getName()))) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(
                "the stream thread never waited for the registry: " + Arrays.toString(streamThread.getStackTrace()));
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> all = new ArrayList<>();
        for (Throwable c = t; c != null && !all.contains(c); c = c.getCause()) {
            all.add(c);
        }
        return all;
    }
}
