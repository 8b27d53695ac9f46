package io.tempora.trainer;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.errors.RetriableException;

/**
 * How the trainer reads a topic (the events window, the models topic): a consumer that belongs to no group and
 * commits nothing, so that reading never moves anyone's offsets, and sees committed records only, as the streams app
 * does; and which failures are an outage of the broker or the registry, to be retried, rather than a bad record.
 */
public final class KafkaReads {

    private KafkaReads() {}

    /**
     * The consumer settings of {@code config} (client and serde keys; those a consumer does not know are left out)
     * for a groupless read from the beginning: no group id or instance id, no auto-commit, {@code read_committed},
     * {@code earliest}, and {@code defaultClientId} unless the configuration names a client id.
     */
    public static Map<String, Object> grouplessConsumer(Map<String, ?> config, String defaultClientId) {
        Map<String, Object> c = new HashMap<>();
        config.forEach((k, v) -> {
            if (ConsumerConfig.configNames().contains(k)) {
                c.put(k, v);
            }
        });
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        c.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, defaultClientId);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return c;
    }

    /**
     * Whether {@code e} (or a cause) says the broker or the registry is unreachable rather than the record bad: a
     * Kafka {@link RetriableException}, which the serdes' {@code SchemaRegistryUnavailableException} is.
     */
    public static boolean isOutage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }
}
