package io.tempora.bench.e2e;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a Kafka Streams application has worked off its input: its consumer group's committed offsets (under
 * exactly-once, committed with each transaction) against the input topic's end offsets. Asked of the broker, so that
 * the measured application's threads do no extra work for it.
 */
public final class Backlog {

    /** How often the committed offsets are read while waiting. */
    private static final Duration POLL = Duration.ofMillis(250);

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private Backlog() {}

    /** The end offsets of {@code topic}'s {@code partitions} partitions now. */
    public static Map<TopicPartition, Long> endOffsets(Admin admin, String topic, int partitions) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> out = new HashMap<>();
        get(admin.listOffsets(latest).all()).forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    /**
     * Waits until group {@code groupId} has committed {@code ends} on every partition, while {@code alive} holds and
     * at most {@code timeout}.
     *
     * @throws IllegalStateException when the application stops being alive or the time is up, saying how far it got
     */
    public static void awaitCommitted(
            Admin admin, String groupId, Map<TopicPartition, Long> ends, BooleanSupplier alive, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    get(admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
            boolean done = ends.entrySet().stream().allMatch(e -> {
                OffsetAndMetadata c = committed.get(e.getKey());
                return c != null && c.offset() >= e.getValue();
            });
            if (done) {
                return;
            }
            if (!alive.getAsBoolean() || System.nanoTime() > deadline) {
                throw new IllegalStateException("group " + groupId + " committed " + committed + " of " + ends
                        + (alive.getAsBoolean() ? " within " + timeout.toSeconds() + " s" : "; the app stopped"));
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the broker", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the broker did not answer: " + e, e);
        }
    }
}
