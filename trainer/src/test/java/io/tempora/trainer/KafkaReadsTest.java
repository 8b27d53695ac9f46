package io.tempora.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.schemas.serde.SchemaRegistryUnavailableException;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class KafkaReadsTest {

    @Test
    void aGrouplessConsumerKeepsTheConsumerKeysDropsTheGroupAndReadsCommittedRecordsFromTheBeginning() {
        Map<String, Object> c = KafkaReads.grouplessConsumer(
                Map.of(
                        "bootstrap.servers", "127.0.0.1:9092",
                        "group.id", "someone",
                        "group.instance.id", "someone-1",
                        "enable.auto.commit", true,
                        "schema.registry.url", "http://127.0.0.1:8081",
                        "tempora.model.name", "m"),
                "reader");

        assertThat(c)
                .containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092")
                .containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, "reader")
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
                .doesNotContainKeys(
                        ConsumerConfig.GROUP_ID_CONFIG,
                        ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
                        "schema.registry.url",
                        "tempora.model.name");
        assertThat(KafkaReads.grouplessConsumer(Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "mine"), "reader"))
                .as("a client id the configuration names is kept")
                .containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, "mine");
    }

    @Test
    void anUnreachableBrokerOrRegistryAnywhereInTheCausesIsAnOutageABadRecordIsNot() {
        assertThat(KafkaReads.isOutage(new IllegalStateException("wrapped", new TimeoutException("broker"))))
                .isTrue();
        assertThat(KafkaReads.isOutage(
                        new SerializationException("decode", new SchemaRegistryUnavailableException("registry", null))))
                .isTrue();
        assertThat(KafkaReads.isOutage(new SerializationException("not an Event")))
                .isFalse();
    }
}
