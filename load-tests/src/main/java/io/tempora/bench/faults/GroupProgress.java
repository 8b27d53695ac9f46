package io.tempora.bench.faults;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/**
 * How far an application has got through its input: the sum of its consumer group's committed offsets on one topic
 * (under exactly-once, committed with each transaction), asked of the broker so that the app does no work for it.
 */
final class GroupProgress {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private GroupProgress() {}

    /** The records of {@code topic} group {@code groupId} has committed, summed over its partitions. */
    static long committed(Admin admin, String groupId, String topic) throws InterruptedException {
        try {
            return admin
                    .listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .entrySet()
                    .stream()
                    .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset())
                    .sum();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the broker did not say what group " + groupId + " committed: " + e, e);
        }
    }
}
