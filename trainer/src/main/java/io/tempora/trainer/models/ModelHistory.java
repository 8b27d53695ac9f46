package io.tempora.trainer.models;

import io.tempora.schemas.ModelParameters;
import io.tempora.schemas.serde.ModelParametersDeserializer;
import io.tempora.streams.model.ModelCatalog;
import io.tempora.streams.model.ModelRefusedException;
import io.tempora.streams.model.ModelRefusedException.Reason;
import io.tempora.streams.model.ModelValidator;
import io.tempora.streams.model.RefusedVersion;
import io.tempora.streams.model.ServingModel;
import io.tempora.trainer.KafkaReads;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The versions on a models topic at one moment: the topic read from its beginning up to the end offsets it had when
 * the read started, every record validated and passed through a {@link ModelCatalog} exactly as the streams app's
 * {@code ModelFollower} does, so that {@link #serving} is the version the app serves after reading the same records.
 *
 * <p>What a caller asks: the model names ({@link #names}), every version of a name in publication order
 * ({@link #versions}), the newest by number ({@link #newest}, whose number plus one is the next version), one by
 * number ({@link #version}), and the one the app serves, the champion ({@link #serving}). Records that cannot be
 * decoded are kept apart ({@link #unreadable}); tombstones are counted ({@link #tombstones}) and otherwise ignored, as
 * the app ignores them.
 *
 * <p>The topic is compacted: a version older than the topic's {@code min.compaction.lag.ms} may have been removed
 * (docs/decisions.md, "model history"), so the history is what the topic still holds, not every version ever
 * published. Immutable after {@link #read}; thread-safe.
 */
public final class ModelHistory {

    /** The consumer's client id unless the configuration gives one. */
    public static final String DEFAULT_CLIENT_ID = "tempora-model-history";

    /** How long one poll waits for records. */
    private static final Duration POLL = Duration.ofMillis(200);

    private final String topic;
    private final boolean topicExists;
    private final Map<String, List<ModelVersion>> byName = new LinkedHashMap<>();
    private final List<RefusedVersion> unreadable = new ArrayList<>();
    private final ModelCatalog catalog;
    private final ModelValidator validator;
    private int tombstones;

    private ModelHistory(String topic, boolean topicExists, ModelValidator validator, Map<String, Long> pins) {
        this.topic = topic;
        this.topicExists = topicExists;
        this.validator = validator;
        this.catalog = new ModelCatalog(pins);
    }

    /**
     * Reads {@code topic} from its beginning to the end offsets it has now (committed records only).
     *
     * @param config    consumer and serde properties (at least {@code bootstrap.servers} and
     *                  {@code schema.registry.url}); each is given the keys it knows. The reader sets its own
     *                  deserializers, isolation level and offset handling, uses no consumer group, and never creates
     *                  the topic.
     * @param validator the checks the streams app makes (with its verification key, if it has one)
     * @param pins      the versions pinned by name, as the app is configured ({@code tempora.model.pinned.version})
     * @param timeout   how long the whole read may take
     * @throws IllegalStateException if the broker or the registry cannot be reached, or the read does not reach the
     *                               end offsets, within {@code timeout}; the message says which
     */
    public static ModelHistory read(
            Map<String, ?> config, String topic, ModelValidator validator, Map<String, Long> pins, Duration timeout) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(validator, "validator");
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> consumerConfig = KafkaReads.grouplessConsumer(config, DEFAULT_CLIENT_ID);
        // A read must not create the topic: a topic created by a metadata request lacks compaction and history.
        consumerConfig.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        String where = topic + " at " + config.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG);
        try (KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                ModelParametersDeserializer deserializer = new ModelParametersDeserializer()) {
            deserializer.configure(new HashMap<>(config), false);
            List<PartitionInfo> infos = consumer.partitionsFor(topic, remaining(deadline));
            if (infos == null || infos.isEmpty()) {
                return new ModelHistory(topic, false, validator, pins);
            }
            ModelHistory history = new ModelHistory(topic, true, validator, pins);
            List<TopicPartition> partitions = infos.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, remaining(deadline));
            while (!reached(consumer, end, deadline)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + where + " did not reach its end offsets " + end
                            + " within " + timeout + " (read up to " + positions(consumer, partitions) + ")");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        history.add(r, deserializer, where);
                    }
                }
            }
            return history;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new IllegalStateException(
                    "the broker did not answer for " + where + " within " + timeout + ": " + e.getMessage(), e);
        } catch (KafkaException e) {
            throw new IllegalStateException("reading " + where + " failed: " + e.getMessage(), e);
        }
    }

    /** The topic that was read. */
    public String topic() {
        return topic;
    }

    /** Whether the topic existed (a missing topic reads as an empty history). */
    public boolean topicExists() {
        return topicExists;
    }

    /** The model names that have at least one decodable version, sorted. */
    public Set<String> names() {
        return new TreeSet<>(byName.keySet());
    }

    /** Every decodable version of {@code name}, in the order they were published (topic order). */
    public List<ModelVersion> versions(String name) {
        return List.copyOf(byName.getOrDefault(name, List.of()));
    }

    /**
     * The version of {@code name} with the highest number, accepted by the app or not: the next version is its
     * number plus one (so that the app, which needs strictly increasing numbers, accepts it).
     */
    public Optional<ModelVersion> newest(String name) {
        return versions(name).stream().max(Comparator.comparingLong(ModelVersion::version));
    }

    /**
     * Version {@code version} of {@code name}, if the topic still holds it: the record the app accepted under that
     * number, else the last record with that number.
     */
    public Optional<ModelVersion> version(String name, long version) {
        ModelVersion last = null;
        for (ModelVersion v : versions(name)) {
            if (v.version() == version) {
                if (v.accepted()) {
                    return Optional.of(v);
                }
                last = v;
            }
        }
        return Optional.ofNullable(last);
    }

    /**
     * The version of {@code name} the streams app serves after reading these records with the same pins and
     * verification key: the newest accepted one, or the pinned one (none while the pinned version is not accepted).
     */
    public Optional<ModelVersion> serving(String name) {
        return catalog.serving(name).flatMap(s -> version(name, s.version()));
    }

    /** The version pinned for {@code name}, if any. */
    public OptionalLong pinned(String name) {
        return catalog.pinned(name);
    }

    /** Records that could not be decoded (not the model schema, unknown schema id, corrupt bytes), in topic order. */
    public List<RefusedVersion> unreadable() {
        return List.copyOf(unreadable);
    }

    /** How many tombstones (null values) the topic holds; the app ignores them, and so does this history. */
    public int tombstones() {
        return tombstones;
    }

    private void add(ConsumerRecord<byte[], byte[]> r, ModelParametersDeserializer deserializer, String where) {
        String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
        String source = r.topic() + "-" + r.partition() + "@" + r.offset();
        if (r.value() == null) {
            tombstones++;
            return;
        }
        ModelParameters value;
        try {
            value = deserializer.deserialize(r.topic(), r.headers(), r.value());
        } catch (RuntimeException e) {
            if (KafkaReads.isOutage(e)) {
                throw new IllegalStateException(
                        "the schema registry did not answer while reading " + where + " (record " + source + "): "
                                + e.getMessage(),
                        e);
            }
            unreadable.add(RefusedVersion.of(
                    key == null ? "" : key,
                    OptionalLong.empty(),
                    new ModelRefusedException(
                            Reason.UNDECODABLE, source + ": not a readable ModelParameters record: " + e.getMessage()),
                    source));
            return;
        }
        OptionalLong number = OptionalLong.of(value.getVersion());
        List<ModelVersion> list = byName.computeIfAbsent(value.getModelName(), n -> new ArrayList<>());
        ServingModel model;
        try {
            model = validator.validate(key, value);
        } catch (ModelRefusedException e) {
            list.add(new ModelVersion(
                    value,
                    source,
                    Optional.empty(),
                    Optional.of(RefusedVersion.of(value.getModelName(), number, e, source))));
            return;
        } catch (RuntimeException e) {
            ModelRefusedException refused = new ModelRefusedException(
                    Reason.UNDECODABLE,
                    ServingModel.label(value.getModelName(), value.getVersion()) + ": could not be read into a model: "
                            + e,
                    e);
            list.add(new ModelVersion(
                    value,
                    source,
                    Optional.empty(),
                    Optional.of(RefusedVersion.of(value.getModelName(), number, refused, source))));
            return;
        }
        try {
            catalog.accept(model);
            list.add(new ModelVersion(value, source, Optional.of(model), Optional.empty()));
        } catch (ModelRefusedException e) {
            list.add(new ModelVersion(
                    value,
                    source,
                    Optional.of(model),
                    Optional.of(RefusedVersion.of(model.name(), number, e, source))));
        }
    }

    private static boolean reached(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end, long deadline) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), remaining(deadline)) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static Map<TopicPartition, Long> positions(
            KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        partitions.forEach(p -> out.put(p, consumer.position(p)));
        return out;
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }
}
