package io.tempora.bench.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * An output topic read whole after a run (read_committed, from each partition's start to its end): how many records
 * it holds and the first and last record timestamps. On a topic with {@code message.timestamp.type=LogAppendTime}
 * those are the broker's append times, so reading after the run measures the run without competing with it.
 */
final class OutputTopic {

    /** The longest one read may take before it counts as stuck. */
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

    private static final Duration POLL = Duration.ofMillis(500);

    /** Told of every record read. */
    @FunctionalInterface
    interface Visitor {
        void record(ConsumerRecord<byte[], byte[]> record);
    }

    /**
     * What a topic holds.
     *
     * @param records       records read
     * @param firstAppendMs the smallest record timestamp
     * @param lastAppendMs  the largest record timestamp
     */
    record Summary(long records, long firstAppendMs, long lastAppendMs) {

        /** Records per second between the first and the last append. */
        double recordsPerSecond() {
            return (records - 1) * 1000.0 / Math.max(1, lastAppendMs - firstAppendMs);
        }
    }

    private OutputTopic() {}

    /** Reads all of {@code topic} ({@code partitions} partitions), telling {@code visitor} of every record. */
    static Summary read(String bootstrapServers, String topic, int partitions, Visitor visitor) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        long records = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(topic, p));
            }
            consumer.assign(all);
            consumer.seekToBeginning(all);
            Map<TopicPartition, Long> ends = consumer.endOffsets(all, READ_TIMEOUT);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (all.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic + " to its end offsets " + ends + " took more "
                            + "than " + READ_TIMEOUT.toMinutes() + " min");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    records++;
                    first = Math.min(first, r.timestamp());
                    last = Math.max(last, r.timestamp());
                    visitor.record(r);
                }
            }
        }
        return new Summary(records, first, last);
    }
}
