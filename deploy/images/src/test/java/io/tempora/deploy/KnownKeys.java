package io.tempora.deploy;

import io.tempora.schemas.serde.ConfluentAvroSerdeConfig;
import io.tempora.streams.TemporaConfig;
import io.tempora.trainer.service.TrainerConfig;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The configuration keys the app and the trainer really read: their own ({@code tempora.*}) and the ones they pass
 * through to Kafka Streams, the clients and the serdes. An environment variable is checked by the key it sets,
 * through the app's own mapping ({@link TemporaConfig#withEnvironment}).
 */
final class KnownKeys {

    private static final Set<String> PASS_THROUGH = passThrough();

    private KnownKeys() {}

    /** The key that environment variable {@code name} sets, as the app and the trainer map it. */
    static String keyOf(String name) {
        Map<String, Object> mapped = TemporaConfig.withEnvironment(Map.of(), Map.of(name, ""));
        if (mapped.size() != 1) {
            throw new AssertionError(name + " is not a " + TemporaConfig.ENV_PREFIX + "* variable: the app ignores it");
        }
        return mapped.keySet().iterator().next();
    }

    static boolean appReads(String key) {
        return TemporaConfig.CONFIG_DEF.names().contains(key) || PASS_THROUGH.contains(key);
    }

    static boolean trainerReads(String key) {
        return TrainerConfig.CONFIG_DEF.names().contains(key)
                || TemporaConfig.CONFIG_DEF.names().contains(key)
                || PASS_THROUGH.contains(key);
    }

    private static Set<String> passThrough() {
        Set<String> keys = new HashSet<>(StreamsConfig.configDef().names());
        keys.addAll(ConsumerConfig.configNames());
        keys.addAll(ProducerConfig.configNames());
        keys.addAll(AdminClientConfig.configNames());
        keys.addAll(ConfluentAvroSerdeConfig.CONFIG_DEF.names());
        return Set.copyOf(keys);
    }
}
