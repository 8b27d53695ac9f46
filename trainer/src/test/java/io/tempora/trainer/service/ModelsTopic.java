package io.tempora.trainer.service;

import io.tempora.schemas.ModelParameters;
import io.tempora.schemas.serde.ModelParametersDeserializer;
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

/** Every record of a models topic, decoded, in offset order: what a test checks the service wrote. */
final class ModelsTopic {

    private static final Duration POLL = Duration.ofMillis(200);

    private ModelsTopic() {}

    /** The records of partition 0 of {@code topic} up to its current end. */
    static List<ModelParameters> readAll(Map<String, Object> clientConfig, String topic) {
        Map<String, Object> c = new HashMap<>(clientConfig);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ModelParameters> out = new ArrayList<>();
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                ModelParametersDeserializer deserializer = new ModelParametersDeserializer()) {
            deserializer.configure(c, false);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    out.add(deserializer.deserialize(r.topic(), r.value()));
                }
            }
        }
        return out;
    }
}
