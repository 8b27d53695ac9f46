package io.tempora.bench.faults;

import io.tempora.bench.e2e.Backlog;
import io.tempora.demo.Demo;
import io.tempora.demo.LoadGenerator;
import io.tempora.demo.SimulatedEntities;
import io.tempora.schemas.ModelParameters;
import io.tempora.schemas.serde.EventSerializer;
import io.tempora.schemas.serde.ModelParametersSerializer;
import io.tempora.streams.TemporaApp;
import io.tempora.streams.model.ModelPublisher;
import io.tempora.streams.model.ModelSigner;
import io.tempora.streams.model.RefusedVersion;
import io.tempora.streams.model.ServingModel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The bad-models run: while a paced stream of good events runs through a product app that verifies signatures and
 * serves a good signed version, bad versions of every {@link BadModels.Kind} are published to the model topic, the
 * kinds in turn. Afterwards each bad version must be among the app's refusals (matched by the record's
 * topic-partition@offset) with its kind's reason, the good version must still serve, and every event of the stream
 * must have its prediction from the good version.
 */
final class BadModelRun {

    /** Longest the app may take to work off the stream, or to refuse every bad version, before the run gives up. */
    static final Duration RUN_LIMIT = Duration.ofMinutes(10);
    /** Longest one publication may take. */
    static final Duration PUBLISH_LIMIT = Duration.ofSeconds(30);
    /** How often the catalog is read while waiting for the refusals. */
    static final long POLL_MS = 100;

    /**
     * What the run found.
     *
     * @param published          bad versions published
     * @param refused            bad versions refused with their kind's reason
     * @param eventsSent         good events acknowledged during the run
     * @param predictionsMissing events without an EVENT prediction from the good version
     * @param servingAtEnd       the version serving at the end
     * @param firstWrong         the first bad version not refused as expected, or null
     */
    record Outcome(
            long published,
            long refused,
            long eventsSent,
            long predictionsMissing,
            long servingAtEnd,
            String firstWrong) {}

    private final Map<String, Object> clients;
    private final String modelsTopic;
    private final String eventsTopic;
    private final String predictionsTopic;

    BadModelRun(Map<String, Object> clients, String modelsTopic, String eventsTopic, String predictionsTopic) {
        this.clients = clients;
        this.modelsTopic = modelsTopic;
        this.eventsTopic = eventsTopic;
        this.predictionsTopic = predictionsTopic;
    }

    /**
     * Runs the stream ({@code events} at {@code rate} per second from {@code load}) through {@code app} (application
     * id {@code applicationId}), which serves {@code good}, and publishes {@code rounds} bad versions of each kind
     * during it, spread over the stream, built from {@code good}; {@code signer} signs with the app's key,
     * {@code otherSigner} with another.
     */
    Outcome run(
            TemporaApp app,
            String applicationId,
            Admin admin,
            EventSerializer serializer,
            SimulatedEntities load,
            long events,
            double rate,
            int rounds,
            ModelParameters good,
            ModelSigner signer,
            ModelSigner otherSigner)
            throws InterruptedException, ExecutionException {
        PacedStream stream =
                new PacedStream(clients, "faults-models-events", serializer, load, eventsTopic, events, rate);
        Map<String, BadModels.Kind> badAt = new HashMap<>();
        int total = rounds * BadModels.Kind.values().length;
        long pauseMs = stream.length().toMillis() / (total + 1);
        long version = good.getVersion();
        try (ModelPublisher publisher = new ModelPublisher(clients, modelsTopic);
                KafkaProducer<byte[], byte[]> raw = LoadGenerator.producer(clients, "faults-models-raw");
                ModelParametersSerializer modelBytes = new ModelParametersSerializer()) {
            modelBytes.configure(clients, false);
            for (int i = 0; i < total; i++) {
                TimeUnit.MILLISECONDS.sleep(pauseMs);
                BadModels.Kind kind = BadModels.Kind.values()[i % BadModels.Kind.values().length];
                version++;
                RecordMetadata m =
                        switch (kind) {
                            case NAN_PARAMETER ->
                                publisher.publish(BadModels.withNan(good, version, signer), PUBLISH_LIMIT);
                            case WRONG_SHAPE ->
                                publisher.publish(BadModels.withWrongShape(good, version, signer), PUBLISH_LIMIT);
                            case BAD_SIGNATURE ->
                                publisher.publish(
                                        BadModels.withBadSignature(good, version, otherSigner), PUBLISH_LIMIT);
                            case TRUNCATED_BYTES ->
                                sendRaw(
                                        raw,
                                        good.getModelName(),
                                        BadModels.truncated(modelBytes.serialize(
                                                modelsTopic, BadModels.asVersion(good, version, signer))));
                        };
                badAt.put(source(m), kind);
            }
        }
        Set<String> acknowledged = stream.await();
        Map<TopicPartition, Long> ends = Backlog.endOffsets(admin, eventsTopic, Demo.PARTITIONS);
        Backlog.awaitCommitted(
                admin, applicationId, ends, () -> app.streams().state().isRunningOrRebalancing(), RUN_LIMIT);
        Map<String, RefusedVersion> refusals = awaitRefusals(app, good.getModelName(), badAt.keySet());
        long refused = 0;
        String firstWrong = null;
        for (Map.Entry<String, BadModels.Kind> e : badAt.entrySet()) {
            RefusedVersion r = refusals.get(e.getKey());
            if (r != null && r.reason() == e.getValue().expected()) {
                refused++;
            } else if (firstWrong == null) {
                firstWrong = e.getValue() + " at " + e.getKey() + ": "
                        + (r == null ? "not refused" : "refused as " + r.reason() + " (" + r.message() + ")")
                        + ", expected " + e.getValue().expected();
            }
        }
        long serving = app.catalog()
                .serving(good.getModelName())
                .map(ServingModel::version)
                .orElse(-1L);
        return new Outcome(
                badAt.size(),
                refused,
                acknowledged.size(),
                missingPredictions(acknowledged, good.getVersion()),
                serving,
                firstWrong);
    }

    /** The app's refusals of {@code modelName} by source, once every one of {@code sources} is among them. */
    private static Map<String, RefusedVersion> awaitRefusals(TemporaApp app, String modelName, Set<String> sources)
            throws InterruptedException {
        long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
        while (true) {
            Map<String, RefusedVersion> bySource = new HashMap<>();
            for (RefusedVersion r : app.catalog().refused(modelName)) {
                bySource.put(r.source(), r);
            }
            if (bySource.keySet().containsAll(sources) || System.nanoTime() > deadline) {
                return bySource;
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MS);
        }
    }

    /** Events of {@code eventIds} without an EVENT prediction from {@code version}. */
    private long missingPredictions(Set<String> eventIds, long version) {
        Map<String, Integer> predicted =
                EventPredictions.count(clients, predictionsTopic, p -> p.getModelVersion() == version);
        return eventIds.stream().filter(id -> !predicted.containsKey(id)).count();
    }

    private RecordMetadata sendRaw(KafkaProducer<byte[], byte[]> raw, String modelName, byte[] value)
            throws InterruptedException {
        try {
            return raw.send(new ProducerRecord<>(modelsTopic, modelName.getBytes(StandardCharsets.UTF_8), value))
                    .get(PUBLISH_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("publishing truncated model bytes to " + modelsTopic + " failed", e);
        }
    }

    /** Where a record was written, as the app's refusals name it. */
    private static String source(RecordMetadata m) {
        return m.topic() + "-" + m.partition() + "@" + m.offset();
    }
}
