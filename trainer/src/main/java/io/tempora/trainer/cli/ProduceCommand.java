package io.tempora.trainer.cli;

import io.tempora.data.CsvFormatException;
import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import io.tempora.schemas.Event;
import io.tempora.schemas.serde.EventSerializer;
import io.tempora.trainer.CsvInputs;
import io.tempora.trainer.cli.ModelsConnection.Settings;
import io.tempora.trainer.produce.ReplayOrder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tempora produce FILE}: replays a CSV file of events (model-core's format, as {@code fit} reads it) into the
 * events topic, as Avro through the project's serde, keyed by entity id, each event with an id, at the pace of its
 * own timestamps, {@code --speed} times faster, or as fast as possible. This is how a user tries the streams app on
 * their own data.
 *
 * <p>The whole file is read and checked first: a file with any bad row sends nothing and every problem is printed
 * with its line (exit 2). A record the broker does not acknowledge is counted and the exit status is 1.
 */
@Command(
        name = "produce",
        mixinStandardHelpOptions = true,
        description = {
            "Replays a CSV file of events (entity_id,timestamp,type[,feature...], as fit reads it) into the events "
                    + "topic (tempora.events.topic, 'events' unless set): Avro Events in the Confluent wire format, "
                    + "keyed by entity id, event ids ENTITY-N (N: the event's index in its entity's time order), "
                    + "features by their column names. Events are sent in time order across entities, each entity's "
                    + "in its own order, the gaps between them divided by --speed.",
            "",
            "The record timestamp is the time of sending, not the event's time (the Event carries that): a replay "
                    + "of old data is then neither deleted at once by the topic's time retention nor outside the "
                    + "training service's window.",
            "",
            "Exit status: 0 every record sent and acknowledged, 1 the broker or the registry failed (the count of "
                    + "records sent is printed), 2 bad input (every bad row is listed with its line; nothing is sent)."
        })
final class ProduceCommand implements Callable<Integer> {

    /** {@code --speed}'s word for "as fast as possible". */
    static final String SPEED_MAX = "max";

    /** The longest single sleep while waiting for an event's turn, so that a long gap does not hide a failure. */
    private static final long MAX_SLEEP_MS = 1_000;

    /** How long the producer batches records before sending: throughput when replaying fast, little delay paced. */
    private static final int LINGER_MS = 5;

    @Mixin
    private ModelsConnection connection;

    @Parameters(index = "0", paramLabel = "FILE", description = "The CSV file of events.")
    private Path file;

    @Option(
            names = "--speed",
            paramLabel = "N|max",
            description = "Replay N times faster than the file's own time (2: gaps halved; 0.5: doubled), or "
                    + "'max': as fast as the broker takes them (default: ${DEFAULT-VALUE}).")
    private String speed = "1";

    @Option(
            names = "--topic",
            paramLabel = "TOPIC",
            description = "The topic to write to (default: tempora.events.topic from the configuration, 'events').")
    private String topic;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    ProduceCommand() {}

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        double factor = parseSpeed(speed);
        Dataset dataset;
        try {
            dataset = CsvInputs.readTraining(file);
        } catch (CsvFormatException e) {
            return InputProblems.report(err, file, e);
        } catch (IOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
            err.flush();
            return InputProblems.EXIT_BAD_INPUT;
        }
        Settings settings;
        try {
            settings = connection.settings(System.getenv());
        } catch (ModelsFailure e) {
            err.println(e.getMessage());
            err.flush();
            return e.exitCode();
        }
        String target = topic != null ? topic : settings.app().eventsTopic();
        ReplayOrder order = ReplayOrder.of(dataset);
        Sent sent = replay(dataset, order, settings, target, factor);
        out.printf(
                Locale.ROOT,
                "sent %d of %d records (%d entities) from %s to topic %s in %.1f s%s%n",
                sent.acknowledged(),
                order.size(),
                dataset.sequences().size(),
                file,
                target,
                sent.seconds(),
                sent.failure() == null ? "" : "; " + sent.failed() + " failed");
        out.flush();
        if (sent.failure() != null) {
            err.println("producing to " + target + " failed: " + sent.failure());
            err.flush();
            return ModelsFailure.EXIT_UNAVAILABLE;
        }
        return 0;
    }

    /** What a replay achieved; {@code failure} is the first error, null when every record was acknowledged. */
    private record Sent(long acknowledged, long failed, double seconds, String failure) {}

    private static Sent replay(Dataset dataset, ReplayOrder order, Settings settings, String target, double factor)
            throws InterruptedException {
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> failure = new AtomicReference<>();
        long start = System.nanoTime();
        try (EventSerializer serializer = new EventSerializer();
                KafkaProducer<byte[], byte[]> producer = producer(settings)) {
            serializer.configure(settings.clients(), false);
            for (int p = 0; p < order.size() && failure.get() == null; p++) {
                awaitTurn(start, order.dueAfterStartMs(p, factor));
                EventSequence s = order.sequence(p);
                Event event = event(s, order.index(p), order.eventId(p), dataset.types(), dataset.featureNames());
                byte[] key = s.entityId().getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(target, key, serializer.serialize(target, event)), (meta, e) -> {
                    if (e == null) {
                        acknowledged.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        failure.compareAndSet(null, e.toString());
                    }
                });
            }
            producer.flush();
        } catch (KafkaException e) {
            // The serde's failures (registry unreachable, schema refused) are KafkaExceptions too.
            failure.compareAndSet(null, e.toString());
        }
        return new Sent(acknowledged.get(), failed.get(), (System.nanoTime() - start) / 1e9, failure.get());
    }

    /** The Avro Event of {@code s}'s {@code i}-th event, its type named by {@code types}, features by column name. */
    static Event event(EventSequence s, int i, String eventId, TypeVocabulary types, List<String> featureNames) {
        Map<String, Double> features = new HashMap<>();
        for (int j = 0; j < featureNames.size(); j++) {
            features.put(featureNames.get(j), s.feature(i, j));
        }
        return Event.newBuilder()
                .setEntityId(s.entityId())
                .setEventTime(Instant.ofEpochMilli(Math.round(s.time(i))))
                .setType(types.name(s.type(i)))
                .setFeatures(features)
                .setAttributes(Map.of())
                .setEventId(eventId)
                .build();
    }

    private static void awaitTurn(long startNanos, long dueAfterStartMs) throws InterruptedException {
        while (true) {
            long wait = dueAfterStartMs - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            if (wait <= 0) {
                return;
            }
            Thread.sleep(Math.min(wait, MAX_SLEEP_MS));
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(Settings settings) {
        Map<String, Object> config = new HashMap<>(settings.clients());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.timeout().toMillis());
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private double parseSpeed(String text) {
        if (text.strip().equalsIgnoreCase(SPEED_MAX)) {
            return Double.POSITIVE_INFINITY;
        }
        double v;
        try {
            v = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--speed must be a positive number or 'max', was '" + text + "'");
        }
        return v;
    }
}
