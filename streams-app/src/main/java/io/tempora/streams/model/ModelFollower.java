package io.tempora.streams.model;

import io.tempora.schemas.ModelParameters;
import io.tempora.schemas.serde.ModelParametersDeserializer;
import io.tempora.schemas.serde.SchemaRegistryUnavailableException;
import io.tempora.streams.model.ModelRefusedException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the {@code model-parameters} topic from its beginning and follows it, validating every version before it
 * reaches the {@link ModelCatalog}.
 *
 * <p>Why a dedicated consumer rather than a global store: Kafka Streams restores a global store from its topic
 * without passing the records through the store's processor, so validation placed there would be skipped on every
 * restart. This follower validates every record it reads, on every start, before any stream thread can see it.
 *
 * <p>It assigns itself every partition of the topic (no consumer group, no committed offsets), seeks to the beginning,
 * reads with {@code isolation.level=read_committed} and deserialises values itself (byte-array consumer plus a
 * {@link ModelParametersDeserializer} configured from the same properties), so that a registry outage is retried on
 * the same record, with backoff, instead of refusing a good version: an exception that is a Kafka
 * {@link RetriableException} or a {@link SchemaRegistryUnavailableException} (or has one as a cause) is retried until
 * it succeeds or the follower closes. Any other failure to decode refuses the record ({@link Reason#UNDECODABLE}).
 * A null value (a tombstone) is logged and ignored: models are retired by pinning or by publishing a new version.
 * Each accepted or refused version is logged with why.
 *
 * <p>{@link #awaitCaughtUp} lets the application wait until every version present at start has been read, so that
 * the first events are scored with the newest model rather than with none. The partitions are looked up once; if the
 * topic does not exist at start, the follower counts as caught up and waits for it to appear.
 *
 * <p>Lifecycle: construct, {@link #start()}, {@link #close()}. Thread-safe; the consumer is confined to the follower's
 * own thread.
 */
public final class ModelFollower implements AutoCloseable {

    /** The topic of model versions, by default. */
    public static final String DEFAULT_TOPIC = "model-parameters";
    /** The consumer's client id unless the configuration gives one. */
    public static final String DEFAULT_CLIENT_ID = "tempora-model-follower";

    private static final Logger log = LoggerFactory.getLogger(ModelFollower.class);

    /** How long one poll waits for records; bounds how long {@link #close} waits for the loop too. */
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    /** First wait after a transient failure (registry or broker); doubled per retry up to {@link #MAX_BACKOFF}. */
    private static final Duration INITIAL_BACKOFF = Duration.ofMillis(100);

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** How long {@link #close} waits for the thread to finish. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final ModelValidator validator;
    private final ModelCatalog catalog;
    private final Consumer<byte[], byte[]> consumer;
    private final Deserializer<ModelParameters> deserializer;
    private final Thread thread;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile boolean running = true;

    /**
     * A follower of {@code topic}.
     *
     * @param config consumer properties (at least {@code bootstrap.servers}) together with the serde's
     *               ({@code schema.registry.url} and the rest of {@code ConfluentAvroSerdeConfig}); each is given
     *               the keys it knows. The follower sets its own deserializers, isolation level, offset handling
     *               and drops {@code group.id}.
     */
    public ModelFollower(Map<String, ?> config, String topic, ModelValidator validator, ModelCatalog catalog) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        Map<String, Object> consumerConfig = new HashMap<>();
        for (Map.Entry<String, ?> e : config.entrySet()) {
            if (ConsumerConfig.configNames().contains(e.getKey())) {
                consumerConfig.put(e.getKey(), e.getValue());
            }
        }
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerConfig.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        consumerConfig.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, DEFAULT_CLIENT_ID);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.deserializer = new ModelParametersDeserializer();
        this.deserializer.configure(new HashMap<>(config), false);
        this.consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "tempora-model-follower-" + topic);
        this.thread.setDaemon(true);
    }

    /** Starts reading on the follower's own thread. */
    public void start() {
        thread.start();
    }

    /**
     * Waits until the follower has read the topic up to the end offsets it found at start (every committed version
     * there was validated and accepted or refused).
     *
     * @return whether it caught up within {@code timeout}
     */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the follower has read up to the end offsets it found at start. */
    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    /** Stops the follower and waits for its thread to release the consumer. Idempotent. */
    @Override
    public void close() {
        running = false;
        if (thread.isAlive()) {
            consumer.wakeup();
            try {
                thread.join(CLOSE_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                log.warn("model follower of {} did not stop within {}", topic, CLOSE_TIMEOUT);
            }
        } else if (thread.getState() == Thread.State.NEW) {
            closeClients();
        }
    }

    private void run() {
        try {
            List<TopicPartition> partitions = partitions();
            if (partitions.isEmpty()) {
                return;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> target =
                    retrying("read the end offsets of " + topic, () -> consumer.endOffsets(partitions));
            if (target == null) {
                return;
            }
            log.info("model follower reading {} from the beginning up to {}", topic, target);
            Duration backoff = INITIAL_BACKOFF;
            while (running) {
                try {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                        handle(record);
                    }
                    if (!isCaughtUp()) {
                        markIfCaughtUp(target);
                    }
                    backoff = INITIAL_BACKOFF;
                } catch (WakeupException | InterruptException e) {
                    throw e;
                } catch (KafkaException e) {
                    log.warn("model follower of {}: {}; retrying in {}", topic, e.toString(), backoff);
                    sleep(backoff);
                    backoff = next(backoff);
                }
            }
        } catch (WakeupException | InterruptException e) {
            if (running) {
                log.error("model follower of {} interrupted; new model versions are no longer read", topic, e);
            }
        } catch (RuntimeException e) {
            log.error("model follower of {} failed; new model versions are no longer read", topic, e);
        } finally {
            closeClients();
        }
    }

    /** The topic's partitions; while it does not exist, counts as caught up and waits for it. Empty if closed. */
    private List<TopicPartition> partitions() {
        boolean reported = false;
        while (running) {
            List<PartitionInfo> infos =
                    retrying("look up the partitions of " + topic, () -> consumer.partitionsFor(topic));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
            }
            if (!reported) {
                log.warn(
                        "model topic {} does not exist; no model serves until it is created and a version published",
                        topic);
                reported = true;
                caughtUp.countDown();
            }
            sleep(MAX_BACKOFF);
        }
        return List.of();
    }

    private void markIfCaughtUp(Map<TopicPartition, Long> target) {
        for (Map.Entry<TopicPartition, Long> e : target.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return;
            }
        }
        if (isCaughtUp()) {
            return;
        }
        caughtUp.countDown();
        log.info(
                "model follower caught up with {}; serving {}",
                topic,
                catalog.servingAll().values());
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        String source = record.topic() + "-" + record.partition() + "@" + record.offset();
        if (record.value() == null) {
            log.warn(
                    "model tombstone for {} at {} ignored: retire a model by pinning or publishing a new version",
                    key,
                    source);
            return;
        }
        ModelParameters value;
        try {
            value = decode(record, source);
        } catch (ModelRefusedException e) {
            refuse(key == null ? "" : key, OptionalLong.empty(), e, source);
            return;
        }
        if (value == null) {
            return;
        }
        OptionalLong version = OptionalLong.of(value.getVersion());
        try {
            ServingModel model = validator.validate(key, value);
            if (catalog.accept(model)) {
                ServingModel now = catalog.serving(model.name()).orElse(null);
                log.info(
                        "model {} accepted from {} (checksum {}, {}); serving {}",
                        model.label(),
                        source,
                        model.checksum(),
                        model.signed() ? "signature verified" : "no signature required",
                        now == null
                                ? "none (pinned version " + catalog.pinned(model.name()) + " not accepted)"
                                : now.label());
            } else {
                log.info("model {} at {} is a re-send of the accepted version; ignored", model.label(), source);
            }
        } catch (ModelRefusedException e) {
            refuse(value.getModelName(), version, e, source);
        } catch (RuntimeException e) {
            refuse(
                    value.getModelName(),
                    version,
                    new ModelRefusedException(
                            Reason.UNDECODABLE,
                            ServingModel.label(value.getModelName(), value.getVersion())
                                    + ": could not be read into a model: " + e,
                            e),
                    source);
        }
    }

    /** The record's value, retrying while the registry is unreachable; null if the follower closed meanwhile. */
    private ModelParameters decode(ConsumerRecord<byte[], byte[]> record, String source) {
        Duration backoff = INITIAL_BACKOFF;
        while (running) {
            try {
                return deserializer.deserialize(record.topic(), record.headers(), record.value());
            } catch (RuntimeException e) {
                if (!isRetriable(e)) {
                    throw new ModelRefusedException(
                            Reason.UNDECODABLE,
                            source + ": not a readable ModelParameters " + "record: " + e.getMessage(),
                            e);
                }
                log.warn("model record at {} not decoded yet, retrying in {}: {}", source, backoff, e.toString());
                sleep(backoff);
                backoff = next(backoff);
            }
        }
        return null;
    }

    private void refuse(String name, OptionalLong version, ModelRefusedException e, String source) {
        catalog.refuse(RefusedVersion.of(name, version, e, source));
        log.warn(
                "model {} refused from {} [{}]: {}; serving {}",
                version.isPresent() ? ServingModel.label(name, version.getAsLong()) : name + " (version unknown)",
                source,
                e.reason(),
                e.getMessage(),
                catalog.serving(name).map(ServingModel::label).orElse("none"));
    }

    /** Whether {@code e} is a transient failure (registry or broker unreachable) rather than a bad record. */
    static boolean isRetriable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RetriableException || t instanceof SchemaRegistryUnavailableException) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code call} until it succeeds, backing off after transient failures; null if the follower closed. */
    private <T> T retrying(String what, java.util.function.Supplier<T> call) {
        Duration backoff = INITIAL_BACKOFF;
        while (running) {
            try {
                return call.get();
            } catch (WakeupException | InterruptException e) {
                throw e;
            } catch (KafkaException e) {
                log.warn("model follower could not {}: {}; retrying in {}", what, e.toString(), backoff);
                sleep(backoff);
                backoff = next(backoff);
            }
        }
        return null;
    }

    private static Duration next(Duration backoff) {
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }

    private void sleep(Duration d) {
        if (!running) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }

    private void closeClients() {
        try {
            consumer.close();
        } catch (RuntimeException e) {
            log.warn("closing the model follower's consumer: {}", e.toString());
        }
        deserializer.close();
    }
}
