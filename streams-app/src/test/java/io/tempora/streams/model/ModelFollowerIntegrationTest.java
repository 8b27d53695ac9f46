package io.tempora.streams.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.schemas.ModelParameters;
import io.tempora.schemas.serde.ConfluentAvroSerdeConfig;
import io.tempora.schemas.testing.RegistryDevExtension;
import io.tempora.schemas.testing.RegistryDevServer;
import io.tempora.streams.model.ModelRefusedException.Reason;
import io.tempora.streams.testing.EmbeddedKafka;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The follower against a real KRaft broker and the dev Schema Registry: versions published to a compacted topic are
 * validated, served or refused with their reasons, followed while running, and reached again by a new follower.
 */
@ExtendWith(RegistryDevExtension.class)
class ModelFollowerIntegrationTest {

    private static final String NAME = "churn";
    private static final Duration CATCH_UP = Duration.ofSeconds(60);
    private static final Duration PUBLISH = Duration.ofSeconds(30);

    private static EmbeddedKafka kafka;

    private final RegistryDevServer registry;

    ModelFollowerIntegrationTest(RegistryDevServer registry) {
        this.registry = registry;
    }

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start(Path.of("target/kafka"), Map.of());
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void theNewestValidVersionServesTheCorruptOnesAreListedWithTheirReasonsAndARestartReachesTheSameState()
            throws Exception {
        String topic = compactedTopic();
        ModelParameters v1 = TestModels.record(NAME, 1);
        ModelParameters v2 = TestModels.withTensor(
                TestModels.record(NAME, 2), 3, t -> t.setData(TestModels.withElement(t.getData(), 0, 1e6)));
        ModelParameters v3 = TestModels.record(NAME, 3);
        try (ModelPublisher publisher = new ModelPublisher(config(), topic)) {
            publisher.publish(v1, PUBLISH);
            publisher.publish(v2, PUBLISH);
            publishRaw(topic, NAME, "{\"modelName\": \"churn\"}".getBytes(StandardCharsets.UTF_8));
            publisher.publish(v3, PUBLISH);
        }

        ModelCatalog catalog = ModelCatalog.unpinned();
        try (ModelFollower follower = follower(topic, Optional.empty(), catalog)) {
            follower.start();
            assertThat(follower.awaitCaughtUp(CATCH_UP)).isTrue();

            assertServesV3WithV2AndTheJunkRefused(catalog);
            ServingModel served = catalog.serving(NAME).orElseThrow();
            assertThat(served.model().parameters().values())
                    .containsExactly(
                            ModelParametersMapper.fromAvro(v3).parameters().values());

            // Following: a version published while running serves without a restart.
            try (ModelPublisher publisher = new ModelPublisher(config(), topic)) {
                publisher.publish(TestModels.record(NAME, 4), PUBLISH);
            }
            awaitTrue(() -> catalog.serving(NAME).map(ServingModel::version).orElse(0L) == 4L, "v4 serves");
        }

        ModelCatalog restarted = ModelCatalog.unpinned();
        try (ModelFollower follower = follower(topic, Optional.empty(), restarted)) {
            follower.start();
            assertThat(follower.awaitCaughtUp(CATCH_UP)).isTrue();
            assertThat(restarted.serving(NAME).orElseThrow().label()).isEqualTo("churn@4");
            assertThat(restarted.versions(NAME))
                    .extracting(ServingModel::version)
                    .containsExactly(1L, 3L, 4L);
            assertThat(restarted.refused(NAME))
                    .extracting(RefusedVersion::reason)
                    .containsExactly(Reason.CHECKSUM_MISMATCH, Reason.UNDECODABLE);
            assertThat(restarted.versions(NAME))
                    .extracting(ServingModel::checksum)
                    .containsExactlyElementsOf(catalog.versions(NAME).stream()
                            .map(ServingModel::checksum)
                            .toList());
        }
    }

    private static void assertServesV3WithV2AndTheJunkRefused(ModelCatalog catalog) {
        assertThat(catalog.serving(NAME).orElseThrow().label()).isEqualTo("churn@3");
        assertThat(catalog.versions(NAME)).extracting(ServingModel::version).containsExactly(1L, 3L);
        List<RefusedVersion> refused = catalog.refused(NAME);
        assertThat(refused)
                .extracting(RefusedVersion::reason)
                .containsExactly(Reason.CHECKSUM_MISMATCH, Reason.UNDECODABLE);
        assertThat(refused.get(0).version()).hasValue(2);
        assertThat(refused.get(0).message()).contains("churn@2");
        assertThat(refused.get(0).source()).endsWith("-0@1");
        assertThat(refused.get(1).version()).isEmpty();
        assertThat(refused.get(1).source()).endsWith("-0@2");
        assertThat(catalog.refusalCounts())
                .containsEntry(Reason.CHECKSUM_MISMATCH, 1L)
                .containsEntry(Reason.UNDECODABLE, 1L);
    }

    @Test
    void withAKeyConfiguredOnlyVersionsSignedByItServe() throws Exception {
        String topic = compactedTopic();
        KeyPair trusted = TestModels.keyPair();
        ModelSigner signer = new ModelSigner(trusted.getPrivate());
        try (ModelPublisher publisher = new ModelPublisher(config(), topic)) {
            publisher.publish(TestModels.record(NAME, 1, 1, Optional.of(signer)), PUBLISH);
            publisher.publish(
                    TestModels.record(
                            NAME,
                            2,
                            2,
                            Optional.of(new ModelSigner(TestModels.keyPair().getPrivate()))),
                    PUBLISH);
            publisher.publish(TestModels.record(NAME, 3, 3, Optional.empty()), PUBLISH);
            publisher.publish(TestModels.record("fraud", 1, 1, Optional.of(signer)), PUBLISH);
        }
        ModelCatalog catalog = ModelCatalog.unpinned();
        try (ModelFollower follower =
                follower(topic, Optional.of(new SignatureVerifier(trusted.getPublic())), catalog)) {
            follower.start();
            assertThat(follower.awaitCaughtUp(CATCH_UP)).isTrue();
            assertThat(catalog.serving(NAME).orElseThrow().label()).isEqualTo("churn@1");
            assertThat(catalog.serving(NAME).orElseThrow().signed()).isTrue();
            assertThat(catalog.serving("fraud").orElseThrow().label()).isEqualTo("fraud@1");
            assertThat(catalog.refused(NAME))
                    .extracting(RefusedVersion::reason)
                    .containsExactly(Reason.BAD_SIGNATURE, Reason.UNSIGNED);
        }
    }

    @Test
    void anUnreachableRegistryIsWaitedForNotTakenForABadVersion() throws Exception {
        String topic = compactedTopic();
        try (ModelPublisher publisher = new ModelPublisher(config(), topic)) {
            publisher.publish(TestModels.record(NAME, 1), PUBLISH);
        }
        Map<String, Object> config = config();
        config.put(ConfluentAvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://127.0.0.1:" + closedPort());
        config.put(ConfluentAvroSerdeConfig.MAX_RETRIES_CONFIG, 0);
        ModelCatalog catalog = ModelCatalog.unpinned();
        ModelFollower follower = new ModelFollower(config, topic, new ModelValidator(Optional.empty()), catalog);
        try {
            follower.start();
            assertThat(follower.awaitCaughtUp(Duration.ofSeconds(5)))
                    .as("stuck on the record it cannot decode yet")
                    .isFalse();
            assertThat(catalog.refused(NAME)).isEmpty();
            assertThat(catalog.refusalCounts()).isEmpty();
            assertThat(catalog.serving(NAME)).isEmpty();
        } finally {
            long start = System.nanoTime();
            follower.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        }
    }

    @Test
    void aTopicThatDoesNotExistYetCountsAsCaughtUpAndIsFollowedOnceCreated() throws Exception {
        String topic = "model-parameters-" + UUID.randomUUID();
        ModelCatalog catalog = ModelCatalog.unpinned();
        try (ModelFollower follower = follower(topic, Optional.empty(), catalog)) {
            follower.start();
            assertThat(follower.awaitCaughtUp(CATCH_UP)).isTrue();
            assertThat(catalog.serving(NAME)).isEmpty();

            createCompacted(topic);
            try (ModelPublisher publisher = new ModelPublisher(config(), topic)) {
                publisher.publish(TestModels.record(NAME, 1), PUBLISH);
            }
            awaitTrue(() -> catalog.serving(NAME).isPresent(), "v1 serves once the topic exists");
        }
    }

    private ModelFollower follower(String topic, Optional<SignatureVerifier> key, ModelCatalog catalog) {
        return new ModelFollower(config(), topic, new ModelValidator(key), catalog);
    }

    private Map<String, Object> config() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConfluentAvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.confluentApiUrl());
        return config;
    }

    private static String compactedTopic() {
        String topic = "model-parameters-" + UUID.randomUUID();
        createCompacted(topic);
        return topic;
    }

    private static void createCompacted(String topic) {
        kafka.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))));
    }

    /** Writes {@code value} as it is (no serializer) under {@code key}. */
    private static void publishRaw(String topic, String key, byte[] value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value))
                    .get();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting until " + what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
