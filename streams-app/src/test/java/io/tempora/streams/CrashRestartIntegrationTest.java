package io.tempora.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

import io.tempora.data.TypeVocabulary;
import io.tempora.model.EntityState;
import io.tempora.model.EventModel;
import io.tempora.model.FeatureStatistics;
import io.tempora.model.ModelArchitecture;
import io.tempora.model.PredictionBuffer;
import io.tempora.model.StreamingScorer;
import io.tempora.schemas.DeadLetter;
import io.tempora.schemas.Event;
import io.tempora.schemas.Prediction;
import io.tempora.schemas.serde.DeadLetterDeserializer;
import io.tempora.schemas.serde.EventSerializer;
import io.tempora.schemas.serde.PredictionDeserializer;
import io.tempora.schemas.testing.RegistryDevExtension;
import io.tempora.schemas.testing.RegistryDevServer;
import io.tempora.streams.model.ModelParametersMapper;
import io.tempora.streams.model.ModelPublisher;
import io.tempora.streams.model.ServingModel;
import io.tempora.streams.testing.ChildJvm;
import io.tempora.streams.testing.EmbeddedKafka;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The application stopped while events are being produced and processed, and started again on the same state
 * directory and application id: killed without a close (SIGKILL: no commit, an open transaction, a RocksDB store
 * not flushed), and separately terminated (SIGTERM: {@code tempora serve} closes it). Either way every event has
 * exactly one committed prediction (by event id), none is missing, and the entities' states continue (only each
 * entity's first event is unscored, and every prediction equals the model-core streaming API's for the entity's
 * whole history).
 *
 * <p>The application runs as {@code tempora serve --config FILE} in a child JVM, so that the kill is a real
 * process death; the broker (in-process KRaft, a fresh one per test) and the dev registry run in the test JVM,
 * on 127.0.0.1.
 */
@ExtendWith(RegistryDevExtension.class)
class CrashRestartIntegrationTest {

    private static final String MODEL = "m";
    private static final long MODEL_VERSION = 1;
    private static final long MODEL_SEED = 7;
    private static final int ENTITIES = 10;
    private static final long T0 = 1_700_000_000_000L;
    /** Time between an entity's consecutive events. */
    private static final long EVENT_SPACING_MS = 700;
    /** Events produced first, alone: once their predictions are committed, the app is up and serving. */
    private static final int WARM_UP = 50;
    /** Predictions committed (warm-up included) while the producer runs on, before the stop. */
    private static final int COMMITTED_BEFORE_STOP = 250;
    /** Events produced after the stop, while no application runs. */
    private static final int PRODUCED_WHILE_DOWN = 150;
    /** The producer's pace: a pause after every {@link #PRODUCER_BURST} events. */
    private static final int PRODUCER_BURST = 5;

    private static final Duration PRODUCER_PAUSE = Duration.ofMillis(10);
    /** How {@code tempora serve} reports an application that stopped by itself (an unrecoverable error). */
    private static final String APP_STOPPED_BY_ITSELF = "the application stopped";

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Duration POLL = Duration.ofMillis(200);
    /** How long the reader keeps reading after it has everything, to see any duplicate. */
    private static final Duration SETTLE = Duration.ofSeconds(3);
    /** Model-core's per-millisecond log-likelihood and intensities are reported per second. */
    private static final double MS_PER_SECOND = 1_000;
    /** A restored state is the stored bytes of the live one, so the replay agrees to rounding. */
    private static final double TOLERANCE = 1e-9;

    private EmbeddedKafka kafka;

    private final RegistryDevServer registry;

    CrashRestartIntegrationTest(RegistryDevServer registry) {
        this.registry = registry;
    }

    @BeforeEach
    void startKafka() {
        kafka = EmbeddedKafka.start(Path.of("target/kafka-crash"), Map.of());
        kafka.createTopics(Topics.definitions(2, (short) 1));
    }

    @AfterEach
    void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static EventModel model() {
        return EventModel.create(
                new ModelArchitecture(4, 8, 3, 2, 1),
                1_000.0,
                TypeVocabulary.of("click", "buy"),
                new FeatureStatistics(List.of("amount"), new double[] {10}, new double[] {5}),
                ServingModel.label(MODEL, MODEL_VERSION),
                MODEL_SEED);
    }

    private static Event event(int i) {
        return Event.newBuilder()
                .setEntityId(entity(i))
                .setEventTime(Instant.ofEpochMilli(T0 + EVENT_SPACING_MS * (i / ENTITIES)))
                .setType(type(i))
                .setFeatures(Map.of("amount", amount(i)))
                .setEventId("ev-" + i)
                .build();
    }

    private static String entity(int i) {
        return "entity-" + (i % ENTITIES);
    }

    private static String type(int i) {
        return i % 3 == 0 ? "buy" : "click";
    }

    private static double amount(int i) {
        return i % 17;
    }

    private Map<String, Object> clientConfig() {
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", kafka.bootstrapServers());
        c.put("schema.registry.url", registry.confluentApiUrl());
        return c;
    }

    private void publishModel() {
        try (ModelPublisher publisher = new ModelPublisher(clientConfig(), Topics.MODEL_PARAMETERS)) {
            publisher.publish(
                    ModelParametersMapper.toAvro(
                            model(),
                            MODEL,
                            MODEL_VERSION,
                            OptionalLong.empty(),
                            Instant.now(),
                            Map.of(),
                            Optional.empty()),
                    WAIT);
        }
    }

    /** The file {@code tempora serve --config} reads: the same for both runs (application id, state dir). */
    private Path writeConfig(Path dir) throws IOException {
        Properties p = new Properties();
        p.setProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.setProperty("schema.registry.url", registry.confluentApiUrl());
        p.setProperty(StreamsConfig.APPLICATION_ID_CONFIG, "tempora-crash-it");
        p.setProperty(
                StreamsConfig.STATE_DIR_CONFIG,
                dir.resolve("state").toAbsolutePath().toString());
        p.setProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        p.setProperty(TemporaConfig.MODEL_NAME_CONFIG, MODEL);
        // The killed member never leaves the group: the broker notices it by its session timeout. The
        // smallest the broker allows keeps the restart quick; it changes nothing about what is committed.
        p.setProperty(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
        p.setProperty(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000");
        Path file = dir.resolve("app.properties");
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, "CrashRestartIntegrationTest");
        }
        return file;
    }

    /** How the first run of the application ends. */
    private enum Stop {
        /** SIGKILL: no shutdown hook, no close, no commit; an open transaction is left to be aborted. */
        CRASH,
        /** SIGTERM: {@code tempora serve}'s shutdown hook closes the app, committing what it has processed. */
        TERMINATE
    }

    @Test
    void anAppKilledMidStreamAndStartedAgainLosesAndRepeatsNoEventAndKeepsItsStates() throws Exception {
        stopMidStreamAndRestart(Stop.CRASH);
    }

    @Test
    void anAppTerminatedMidStreamClosesCleanlyAndStartedAgainLosesAndRepeatsNoEvent() throws Exception {
        stopMidStreamAndRestart(Stop.TERMINATE);
    }

    private void stopMidStreamAndRestart(Stop stop) throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target/crash-restart")), "run-")
                .toAbsolutePath();
        Path config = writeConfig(dir);
        publishModel();
        List<Path> logs = new ArrayList<>();
        Producer producer = new Producer();
        Thread producing = new Thread(producer, "crash-test-producer");
        ChildJvm first = null;
        ChildJvm second = null;
        try (Reader reader = new Reader()) {
            logs.add(dir.resolve("app-1.log"));
            first = ChildJvm.temporaServe(config, logs.get(0), List.of());
            producer.allow(WARM_UP);
            producing.start();
            reader.awaitPredictions(WARM_UP, first, producer);
            producer.allow(Integer.MAX_VALUE);
            reader.awaitPredictions(COMMITTED_BEFORE_STOP, first, producer);

            if (stop == Stop.CRASH) {
                first.kill();
            } else {
                first.terminate();
            }
            int producedAtStop = producer.produced();
            producer.finishAt(producedAtStop + PRODUCED_WHILE_DOWN);
            producing.join(WAIT.toMillis());
            assertThat(producing.isAlive()).as("the producer finished").isFalse();
            producer.rethrow();
            int produced = producer.produced();
            assertThat(produced).isEqualTo(producedAtStop + PRODUCED_WHILE_DOWN);

            reader.readToEnd();
            int committedAtStop = reader.predictions().size();
            assertThat(committedAtStop).isGreaterThanOrEqualTo(COMMITTED_BEFORE_STOP);
            if (stop == Stop.TERMINATE) {
                assertThat(Files.readAllLines(first.log()))
                        .as("a requested stop is not reported as the application failing; log " + first.log())
                        .noneMatch(line -> line.startsWith(APP_STOPPED_BY_ITSELF));
            } else {
                // Measured when the kill has taken effect (the child is gone): the producer never paused, so
                // events produced by then and not committed show the kill came while the stream flowed. (Whether
                // every event produced before the kill was committed depends on timing and is not asserted.)
                assertThat(committedAtStop)
                        .as("the kill came while events flowed: some produced by the time it took effect were not "
                                + "committed")
                        .isLessThan(producedAtStop);
            }

            logs.add(dir.resolve("app-2.log"));
            second = ChildJvm.temporaServe(config, logs.get(1), List.of());
            reader.awaitPredictions(produced, second, producer);
            reader.settle();

            assertThat(reader.deadLetters())
                    .as("dead letters (a re-delivered event would be a DUPLICATE)")
                    .extracting(DeadLetter::getReasonMessage)
                    .isEmpty();
            Map<String, Integer> perId = new HashMap<>();
            reader.predictions().forEach(p -> perId.merge(p.getSourceEventId(), 1, Integer::sum));
            List<String> missing = new ArrayList<>();
            List<String> repeated = new ArrayList<>();
            for (int i = 0; i < produced; i++) {
                int n = perId.getOrDefault("ev-" + i, 0);
                if (n == 0) {
                    missing.add("ev-" + i);
                } else if (n > 1) {
                    repeated.add("ev-" + i + " x" + n);
                }
            }
            assertThat(missing).as("events without a prediction").isEmpty();
            assertThat(repeated).as("events with more than one prediction").isEmpty();
            assertThat(perId).as("predictions by event id").hasSize(produced);
            assertThat(reader.predictions())
                    .as("every prediction by the published model")
                    .allSatisfy(p -> assertThat(p.getModelVersion()).isEqualTo(MODEL_VERSION));
            assertThat(reader.predictions().stream()
                            .filter(p -> p.getEventLogLikelihood() == null)
                            .map(Prediction::getSourceEventId)
                            .sorted()
                            .toList())
                    .as("only each entity's first event is unscored: the state survived the stop")
                    .hasSize(ENTITIES)
                    .allSatisfy(
                            id -> assertThat(Integer.parseInt(id.substring(3))).isLessThan(ENTITIES));
            assertEqualToTheStreamingApi(reader.predictions(), produced);
        } catch (Throwable t) {
            System.err.println("CrashRestartIntegrationTest failed; the application's logs: " + logs);
            throw t;
        } finally {
            producer.finishAt(0);
            producing.join(WAIT.toMillis());
            for (ChildJvm child : new ChildJvm[] {first, second}) {
                if (child != null) {
                    child.close();
                }
            }
        }
    }

    /**
     * Each prediction against an independent replay of its entity's whole history with model-core's streaming
     * API: a state lost, reset or applied twice by the stop would change the numbers that follow.
     */
    private static void assertEqualToTheStreamingApi(List<Prediction> predictions, int produced) {
        Map<String, Prediction> byId = new HashMap<>();
        predictions.forEach(p -> byId.put(p.getSourceEventId(), p));
        EventModel m = model();
        StreamingScorer scorer = new StreamingScorer(m);
        long[] horizons = TemporaConfig.DEFAULT_HORIZONS_MS.stream()
                .mapToLong(Long::longValue)
                .toArray();
        double[] horizonsMs = new double[horizons.length];
        for (int h = 0; h < horizons.length; h++) {
            horizonsMs[h] = horizons[h];
        }
        PredictionBuffer buffer = scorer.newPredictionBuffer(horizonsMs.length);
        Map<String, EntityState> states = new LinkedHashMap<>();
        for (int i = 0; i < produced; i++) {
            Event e = event(i);
            long t = e.getEventTime().toEpochMilli();
            int k = m.types().id(type(i));
            double[] features = {amount(i)};
            EntityState s = states.get(entity(i));
            Double expectedLogLikelihood = null;
            if (s == null) {
                states.put(entity(i), scorer.start(t, k, features));
                s = states.get(entity(i));
            } else {
                expectedLogLikelihood = scorer.observe(s, t, k, features) + Math.log(MS_PER_SECOND);
            }
            scorer.predictAndRecordHint(s, horizonsMs, buffer);
            Prediction got = byId.get(e.getEventId());
            assertThat(got.getAsOf().toEpochMilli()).as(e.getEventId()).isEqualTo(t);
            if (expectedLogLikelihood == null) {
                assertThat(got.getEventLogLikelihood()).as(e.getEventId()).isNull();
            } else {
                assertThat(got.getEventLogLikelihood())
                        .as(e.getEventId() + " log-likelihood")
                        .isCloseTo(expectedLogLikelihood, within(TOLERANCE));
            }
            assertThat(got.getTotalIntensity())
                    .as(e.getEventId() + " total intensity")
                    .isCloseTo(buffer.totalIntensity() * MS_PER_SECOND, within(TOLERANCE));
        }
    }

    /**
     * Produces events {@code ev-0}, {@code ev-1}, ... round-robin over the entities, in short bursts, as many as
     * {@link #allow} allows, and stops when it has produced {@link #finishAt} of them. Every send is acknowledged
     * before it counts as produced.
     */
    private final class Producer implements Runnable {

        private final AtomicInteger produced = new AtomicInteger();
        private final AtomicInteger limit = new AtomicInteger();
        private volatile boolean finishing;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        @Override
        public void run() {
            Map<String, Object> c = clientConfig();
            c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            c.put(ProducerConfig.ACKS_CONFIG, "all");
            try (EventSerializer serializer = new EventSerializer();
                    KafkaProducer<byte[], byte[]> kafkaProducer =
                            new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer())) {
                serializer.configure(c, false);
                int i = 0;
                while (true) {
                    if (i >= limit.get()) {
                        if (finishing) {
                            break;
                        }
                        Thread.sleep(PRODUCER_PAUSE.toMillis());
                        continue;
                    }
                    Event e = event(i);
                    kafkaProducer
                            .send(new ProducerRecord<>(
                                    Topics.EVENTS,
                                    e.getEntityId().getBytes(StandardCharsets.UTF_8),
                                    serializer.serialize(Topics.EVENTS, e)))
                            .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    i++;
                    produced.set(i);
                    if (i % PRODUCER_BURST == 0) {
                        Thread.sleep(PRODUCER_PAUSE.toMillis());
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }

        int produced() {
            return produced.get();
        }

        /** Lets the producer go on up to {@code count} events in all. */
        void allow(int count) {
            limit.set(count);
        }

        /** Produces up to {@code count} events in all and stops (at once if it has that many already). */
        void finishAt(int count) {
            limit.set(count);
            finishing = true;
        }

        void rethrow() {
            if (failure.get() != null) {
                throw new AssertionError("the producer failed", failure.get());
            }
        }
    }

    /**
     * Everything committed on the predictions and dead-letter topics ({@code read_committed}), read from the
     * beginning by one consumer over the whole test.
     */
    private final class Reader implements AutoCloseable {

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final PredictionDeserializer predictionDeserializer = new PredictionDeserializer();
        private final DeadLetterDeserializer deadLetterDeserializer = new DeadLetterDeserializer();
        private final List<TopicPartition> partitions = new ArrayList<>();
        private final List<Prediction> predictions = new ArrayList<>();
        private final List<DeadLetter> deadLetters = new ArrayList<>();

        Reader() {
            Map<String, Object> c = clientConfig();
            c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            predictionDeserializer.configure(c, false);
            deadLetterDeserializer.configure(c, false);
            for (String topic : List.of(Topics.PREDICTIONS, Topics.EVENTS_DLQ)) {
                consumer.partitionsFor(topic)
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        List<Prediction> predictions() {
            return predictions;
        }

        List<DeadLetter> deadLetters() {
            return deadLetters;
        }

        private void poll() {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                if (r.topic().equals(Topics.PREDICTIONS)) {
                    predictions.add(predictionDeserializer.deserialize(r.topic(), r.value()));
                } else {
                    deadLetters.add(deadLetterDeserializer.deserialize(r.topic(), r.value()));
                }
            }
        }

        /** Reads until {@code count} predictions are committed; fails if the app exits or time runs out. */
        void awaitPredictions(int count, ChildJvm app, Producer producer) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (predictions.size() < count) {
                poll();
                producer.rethrow();
                if (!app.process().isAlive()) {
                    fail("the application exited with " + app.process().exitValue() + " before " + count
                            + " predictions were committed (" + predictions.size() + " were); its log: "
                            + app.log().toAbsolutePath());
                }
                if (System.nanoTime() > deadline) {
                    fail("only " + predictions.size() + " of " + count + " predictions were committed within " + WAIT
                            + "; the application's log: " + app.log().toAbsolutePath());
                }
            }
        }

        /** Reads up to the current end of what is committed (the last stable offsets). */
        void readToEnd() {
            long deadline = System.nanoTime() + WAIT.toNanos();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                poll();
                assertThat(System.nanoTime()).as("reading to the end").isLessThan(deadline);
            }
        }

        /** Keeps reading a while: a prediction repeated after the expected count would show now. */
        void settle() {
            long until = System.nanoTime() + SETTLE.toNanos();
            while (System.nanoTime() < until) {
                poll();
            }
            readToEnd();
        }

        @Override
        public void close() {
            consumer.close();
            predictionDeserializer.close();
            deadLetterDeserializer.close();
        }
    }
}
