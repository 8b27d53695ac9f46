package io.tempora.streams.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Everything a topic holds now, read without a consumer group: every partition from its start to its end offset
 * (read_committed, so an exactly-once application's aborted output is not counted). Reading to the end offsets rather
 * than "until N records came" makes a duplicate visible and a missing record a failure, without timed waits.
 */
public final class TopicContents {

    private static final Duration POLL = Duration.ofMillis(200);

    private TopicContents() {}

    /**
     * Tells {@code visitor} of every record of {@code topic}, partition by partition in offset order (interleaved
     * across partitions).
     *
     * @throws IllegalStateException when reading to the end offsets takes longer than {@code timeout}
     */
    public static void forEach(
            String bootstrapServers, String topic, Duration timeout, Consumer<ConsumerRecord<byte[], byte[]>> visitor) {
        forEach(bootstrapServers, topic, IsolationLevel.READ_COMMITTED, timeout, visitor);
    }

    /**
     * {@link #forEach(String, String, Duration, Consumer)} at {@code isolation}: read_uncommitted also shows what an
     * exactly-once application wrote in transactions it then aborted (a crash's output that was rolled back).
     */
    public static void forEach(
            String bootstrapServers,
            String topic,
            IsolationLevel isolation,
            Duration timeout,
            Consumer<ConsumerRecord<byte[], byte[]>> visitor) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                isolation.toString().toLowerCase(Locale.ROOT));
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, timeout)
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic + " to its end offsets " + ends
                            + " took more than " + timeout.toSeconds() + " s");
                }
                consumer.poll(POLL).forEach(visitor);
            }
        }
    }

    /** Every record of {@code topic}, as {@link #forEach} reads them. */
    public static List<ConsumerRecord<byte[], byte[]>> all(String bootstrapServers, String topic, Duration timeout) {
        return all(bootstrapServers, topic, IsolationLevel.READ_COMMITTED, timeout);
    }

    /** Every record of {@code topic} at {@code isolation}. */
    public static List<ConsumerRecord<byte[], byte[]>> all(
            String bootstrapServers, String topic, IsolationLevel isolation, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        forEach(bootstrapServers, topic, isolation, timeout, out::add);
        return out;
    }
}
