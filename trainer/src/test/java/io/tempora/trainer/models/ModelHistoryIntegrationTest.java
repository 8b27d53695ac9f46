package io.tempora.trainer.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tempora.schemas.ModelParameters;
import io.tempora.schemas.testing.RegistryDevExtension;
import io.tempora.schemas.testing.RegistryDevServer;
import io.tempora.streams.Topics;
import io.tempora.streams.model.ModelParametersMapper;
import io.tempora.streams.model.ModelPublisher;
import io.tempora.streams.model.ModelRefusedException.Reason;
import io.tempora.streams.model.ModelSigner;
import io.tempora.streams.model.ModelValidator;
import io.tempora.streams.model.SignatureVerifier;
import io.tempora.streams.testing.EmbeddedKafka;
import io.tempora.trainer.ModelsTestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ModelHistory} and {@link VersionPublisher} on a real broker and registry: the history sees what the streams
 * app's catalog sees (accepted, refused by validation, refused as not newer, unreadable, tombstones, pins), and a
 * version the app would refuse is never produced.
 */
@ExtendWith(RegistryDevExtension.class)
class ModelHistoryIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ModelValidator UNSIGNED = new ModelValidator(Optional.empty());

    private static EmbeddedKafka kafka;

    private final RegistryDevServer registry;

    ModelHistoryIntegrationTest(RegistryDevServer registry) {
        this.registry = registry;
    }

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start(Path.of("target/kafka-model-history"), Map.of());
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private Map<String, Object> clients() {
        return ModelsTestKafka.clients(kafka, registry);
    }

    private static ModelParameters record(String name, long version, long seed) {
        return ModelParametersMapper.toAvro(
                ModelsTestKafka.model(seed),
                name,
                version,
                OptionalLong.empty(),
                Instant.parse("2026-12-02T10:00:00Z"),
                Map.of("validation.nll_per_event", (double) version),
                Optional.empty());
    }

    private void produceRaw(String topic, String key, byte[] value) {
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(clients(), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value));
            producer.flush();
        }
    }

    @Test
    void theHistoryClassifiesEveryRecordAsTheAppsCatalogDoes() {
        String topic = "history-classified";
        kafka.createTopics(List.of(Topics.modelParameters(topic, Optional.of((short) 1))));
        try (ModelPublisher publisher = new ModelPublisher(clients(), topic)) {
            publisher.publish(record("m", 1, 11), WAIT);
            publisher.publish(record("m", 2, 12), WAIT);
            publisher.publish(record("m", 1, 13), WAIT); // another checksum under an old number: NOT_NEWER
            publisher.publish(record("other", 5, 14), WAIT);
        }
        produceRaw(topic, "m", new byte[] {9, 9, 9}); // not the wire format: unreadable
        produceRaw(topic, "m", null); // a tombstone

        ModelHistory h = ModelHistory.read(clients(), topic, UNSIGNED, Map.of(), WAIT);

        assertThat(h.topicExists()).isTrue();
        assertThat(h.names()).containsExactly("m", "other");
        assertThat(h.versions("m")).extracting(ModelVersion::version).containsExactly(1L, 2L, 1L);
        assertThat(h.versions("m")).extracting(ModelVersion::accepted).containsExactly(true, true, false);
        assertThat(h.versions("m").get(2).refusal())
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo(Reason.NOT_NEWER));
        assertThat(h.versions("m").get(2).model())
                .as("its parameters are valid all the same")
                .isPresent();
        assertThat(h.version("m", 1))
                .as("the accepted record under that number")
                .hasValueSatisfying(
                        v -> assertThat(v.checksum()).isEqualTo(ModelsTestKafka.checksum(ModelsTestKafka.model(11))));
        assertThat(h.newest("m"))
                .hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(2));
        assertThat(h.serving("m"))
                .hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(2));
        assertThat(h.versions("m").get(0).metrics()).containsEntry("validation.nll_per_event", 1.0);
        assertThat(h.version("m", 7)).isEmpty();
        assertThat(h.unreadable()).singleElement().satisfies(u -> {
            assertThat(u.reason()).isEqualTo(Reason.UNDECODABLE);
            assertThat(u.source()).isEqualTo(topic + "-0@4");
        });
        assertThat(h.tombstones()).isEqualTo(1);
        assertThat(h.serving("other"))
                .hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(5));

        ModelHistory pinned = ModelHistory.read(clients(), topic, UNSIGNED, Map.of("m", 1L), WAIT);
        assertThat(pinned.serving("m"))
                .hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(1));
        assertThat(pinned.pinned("m")).hasValue(1);
    }

    @Test
    void aMissingTopicIsAnEmptyHistoryAndIsNotCreatedByTheRead() throws Exception {
        ModelHistory h = ModelHistory.read(clients(), "history-missing", UNSIGNED, Map.of(), WAIT);

        assertThat(h.topicExists()).isFalse();
        assertThat(h.names()).isEmpty();
        assertThat(h.newest("m")).isEmpty();
        try (var admin = kafka.admin()) {
            assertThat(admin.listTopics().names().get()).doesNotContain("history-missing");
        }
    }

    @Test
    void aVersionTheAppWouldRefuseIsNotProducedAndTheTopicStaysAsItWas() {
        String topic = "history-refused-publish";
        kafka.createTopics(List.of(Topics.modelParameters(topic, Optional.of((short) 1))));
        KeyPair keys = ModelsTestKafka.keyPair();
        ModelValidator requiresSignature = new ModelValidator(Optional.of(new SignatureVerifier(keys.getPublic())));
        ModelSigner signer = new ModelSigner(keys.getPrivate());
        try (ModelPublisher publisher = new ModelPublisher(clients(), topic)) {
            VersionPublisher versions = new VersionPublisher(publisher, requiresSignature, WAIT);
            ModelHistory empty = ModelHistory.read(clients(), topic, requiresSignature, Map.of(), WAIT);
            VersionPublisher.Published first = versions.publishNew(
                    empty, "m", ModelsTestKafka.model(1), Map.of(), Optional.of(signer), Instant.now());
            assertThat(first.record().getVersion()).isEqualTo(1);
            assertThat(first.record().getParentVersion()).isNull();

            ModelHistory one = ModelHistory.read(clients(), topic, requiresSignature, Map.of(), WAIT);
            assertThatThrownBy(() -> versions.publishNew(
                            one, "m", ModelsTestKafka.model(2), Map.of(), Optional.empty(), Instant.now()))
                    .hasMessageContaining("unsigned");
        }
        ModelHistory after = ModelHistory.read(clients(), topic, requiresSignature, Map.of(), WAIT);
        assertThat(after.versions("m")).extracting(ModelVersion::version).containsExactly(1L);
        assertThat(after.versions("m").get(0).signed()).isTrue();
        assertThat(after.serving("m"))
                .hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(1));
    }
}
