package io.tempora.bench.e2e;

import io.tempora.streams.testing.TopicContents;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * An output topic read whole after a run ({@link TopicContents}: read_committed, each partition to its end): how many records
 * it holds and the first and last record timestamps. On a topic with {@code message.timestamp.type=LogAppendTime}
 * those are the broker's append times, so reading after the run measures the run without competing with it.
 */
final class OutputTopic {

    /** The longest one read may take before it counts as stuck. */
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

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

    /** Reads all of {@code topic}, telling {@code visitor} of every record. */
    static Summary read(String bootstrapServers, String topic, Visitor visitor) {
        long[] stats = {0, Long.MAX_VALUE, Long.MIN_VALUE};
        TopicContents.forEach(bootstrapServers, topic, READ_TIMEOUT, r -> {
            stats[0]++;
            stats[1] = Math.min(stats[1], r.timestamp());
            stats[2] = Math.max(stats[2], r.timestamp());
            visitor.record(r);
        });
        return new Summary(stats[0], stats[1], stats[2]);
    }
}
