package io.tempora.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tempora.model.EventModel;
import io.tempora.model.ModelCodec;
import io.tempora.schemas.testing.RegistryDevExtension;
import io.tempora.schemas.testing.RegistryDevServer;
import io.tempora.streams.TemporaConfig;
import io.tempora.streams.Topics;
import io.tempora.streams.model.ModelCatalog;
import io.tempora.streams.model.ModelFollower;
import io.tempora.streams.model.ModelValidator;
import io.tempora.streams.model.ServingModel;
import io.tempora.streams.testing.EmbeddedKafka;
import io.tempora.trainer.ModelsTestKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./tempora models} against a real broker and the dev registry: publish, list, promote and rollback, the
 * streams app's follower rolling in a rollback, and the error cases (exit status and message).
 */
@ExtendWith(RegistryDevExtension.class)
class ModelsCommandIntegrationTest {

    private static final String MODEL = "m";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmbeddedKafka kafka;

    private final RegistryDevServer registry;

    @TempDir
    Path dir;

    ModelsCommandIntegrationTest(RegistryDevServer registry) {
        this.registry = registry;
    }

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start(Path.of("target/kafka-models-cli"), Map.of());
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** What one command printed and returned. */
    private record Result(int exit, String out, String err) {}

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TemporaMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** A configuration file naming the broker, the registry, the model and {@code topic}, plus {@code extra}. */
    private Path config(String topic, Map<String, String> extra) throws Exception {
        StringBuilder text = new StringBuilder()
                .append("bootstrap.servers=")
                .append(kafka.bootstrapServers())
                .append('\n')
                .append("schema.registry.url=")
                .append(registry.confluentApiUrl())
                .append('\n')
                .append(TemporaConfig.MODEL_NAME_CONFIG)
                .append('=')
                .append(MODEL)
                .append('\n')
                .append(TemporaConfig.MODELS_TOPIC_CONFIG)
                .append('=')
                .append(topic)
                .append('\n');
        extra.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Path file = dir.resolve(topic + ".properties");
        Files.writeString(file, text);
        return file;
    }

    private Path modelFile(String name, EventModel model) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, ModelCodec.encode(model));
        return file;
    }

    private static Result models(Path config, String... args) {
        List<String> all = new ArrayList<>(List.of("models"));
        all.add(args[0]);
        all.add("--config");
        all.add(config.toString());
        all.addAll(List.of(args).subList(1, args.length));
        return run(all.toArray(String[]::new));
    }

    private static JsonNode listJson(Path config) throws Exception {
        Result list = models(config, "list", "--json");
        assertThat(list.exit()).as(list.err()).isZero();
        return JSON.readTree(list.out()).get("models").get(0);
    }

    private static List<Long> versionNumbers(JsonNode model) {
        List<Long> out = new ArrayList<>();
        model.get("versions").forEach(v -> out.add(v.get("version").asLong()));
        return out;
    }

    @Test
    void publishTwoVersionsThenListShowsBothWithMetricsParentsAndSignatures() throws Exception {
        KeyPair keys = ModelsTestKafka.keyPair();
        Path config = config(
                "models-publish",
                Map.of(
                        TemporaConfig.MODEL_VERIFICATION_KEY_CONFIG,
                        Base64.getEncoder().encodeToString(keys.getPublic().getEncoded())));
        Path key = dir.resolve("signing.key");
        Files.writeString(
                key, Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()) + "\n");
        EventModel first = ModelsTestKafka.model(1);
        EventModel second = ModelsTestKafka.model(2);
        Path firstFile = modelFile("first.model", first);
        Files.writeString(
                dir.resolve("first.model.metrics.json"),
                "{\"nll_per_event\": 1.875, \"baselines\": {\"poisson\": {\"nll_per_event\": 2.25}}, \"note\": \"x\"}");

        Result p1 = models(config, "publish", "--model", firstFile.toString(), "--signing-key", key.toString());
        Result p2 = models(
                config,
                "publish",
                "--model",
                modelFile("second.model", second).toString(),
                "--signing-key",
                key.toString());

        assertThat(p1.exit()).as(p1.err()).isZero();
        assertThat(p1.out())
                .contains("created topic models-publish")
                .contains("metrics from " + dir.resolve("first.model.metrics.json") + ": 2 (not numbers, not "
                        + "published: [note])")
                .contains("published m@1 (parent none, checksum "
                        + ModelsSupport.shortChecksum(ModelsTestKafka.checksum(first)) + ", signed)");
        assertThat(p2.exit()).as(p2.err()).isZero();
        assertThat(p2.out()).contains("published m@2 (parent 1, checksum").doesNotContain("created topic");

        JsonNode m = listJson(config);
        assertThat(m.get("name").asText()).isEqualTo(MODEL);
        assertThat(versionNumbers(m)).containsExactly(1L, 2L);
        assertThat(m.get("serving").asLong()).isEqualTo(2);
        assertThat(m.get("newest").asLong()).isEqualTo(2);
        assertThat(m.get("pinned").isNull()).isTrue();
        JsonNode v1 = m.get("versions").get(0);
        JsonNode v2 = m.get("versions").get(1);
        assertThat(v1.get("parent").isNull()).isTrue();
        assertThat(v2.get("parent").asLong()).isEqualTo(1);
        assertThat(v1.get("checksum").asText()).isEqualTo(ModelsTestKafka.checksum(first));
        assertThat(v2.get("checksum").asText()).isEqualTo(ModelsTestKafka.checksum(second));
        assertThat(v1.get("signed").asBoolean()).isTrue();
        assertThat(v2.get("signed").asBoolean()).isTrue();
        assertThat(v1.get("accepted").asBoolean()).isTrue();
        assertThat(v1.get("serving").asBoolean()).isFalse();
        assertThat(v2.get("serving").asBoolean()).isTrue();
        assertThat(v1.get("metrics").get("nll_per_event").asDouble()).isEqualTo(1.875);
        assertThat(v1.get("metrics").get("baselines.poisson.nll_per_event").asDouble())
                .isEqualTo(2.25);
        assertThat(v2.get("metrics").size()).as("no sidecar, no metrics").isZero();

        Result table = models(config, "list");
        assertThat(table.exit()).isZero();
        assertThat(table.out())
                .contains("model 'm' on models-publish: 2 versions; the streams app serves version 2 (the newest "
                        + "accepted)")
                .containsPattern("(?m)^\\s+1\\s+-\\s+\\S+Z\\s+sha256:[0-9a-f]{12}\\s+yes\\s+accepted\\s+"
                        + "baselines.poisson.nll_per_event=2.25 nll_per_event=1.875$")
                .containsPattern("(?m)^\\*\\s+2\\s+1\\s+\\S+Z\\s+sha256:[0-9a-f]{12}\\s+yes\\s+serving\\s+-$");

        try (Admin admin = kafka.admin()) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "models-publish");
            Config c = admin.describeConfigs(List.of(topic)).all().get().get(topic);
            assertThat(c.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
            assertThat(c.get(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG).value())
                    .isEqualTo(Long.toString(Topics.MODEL_HISTORY_RETENTION.toMillis()));
        }
    }

    @Test
    void rollbackPublishesTheOlderParametersAsTheNewestAndTheAppsFollowerServesThem() throws Exception {
        String topic = "models-rollback";
        Path config = config(topic, Map.of());
        EventModel first = ModelsTestKafka.model(11);
        EventModel second = ModelsTestKafka.model(12);
        assertThat(models(
                                config,
                                "publish",
                                "--model",
                                modelFile("a.model", first).toString())
                        .exit())
                .isZero();
        assertThat(models(
                                config,
                                "publish",
                                "--model",
                                modelFile("b.model", second).toString())
                        .exit())
                .isZero();
        ModelCatalog catalog = ModelCatalog.unpinned();
        try (ModelFollower follower = new ModelFollower(
                ModelsTestKafka.clients(kafka, registry), topic, new ModelValidator(Optional.empty()), catalog)) {
            follower.start();
            assertThat(follower.awaitCaughtUp(WAIT)).isTrue();
            assertThat(catalog.serving(MODEL))
                    .hasValueSatisfying(s -> assertThat(s.version()).isEqualTo(2));

            Result rollback = models(config, "rollback");

            assertThat(rollback.exit()).as(rollback.err()).isZero();
            assertThat(rollback.out()).contains("published m@3 (parent 1, checksum");
            ServingModel three = awaitServing(catalog, 3);
            assertThat(three.checksum()).isEqualTo(ModelsTestKafka.checksum(first));
            assertThat(three.parentVersion()).hasValue(1);
            assertThat(three.model().parameters().values())
                    .containsExactly(first.parameters().values());

            Result promote = models(config, "promote", "--version", "2");

            assertThat(promote.exit()).as(promote.err()).isZero();
            assertThat(promote.out()).contains("published m@4 (parent 2, checksum");
            ServingModel four = awaitServing(catalog, 4);
            assertThat(four.checksum()).isEqualTo(ModelsTestKafka.checksum(second));
            assertThat(catalog.refused(MODEL)).as("nothing refused on the way").isEmpty();
        }
        JsonNode m = listJson(config);
        assertThat(versionNumbers(m)).containsExactly(1L, 2L, 3L, 4L);
        List<String> parents = new ArrayList<>();
        m.get("versions").forEach(v -> parents.add(v.get("parent").asText()));
        assertThat(parents).containsExactly("null", "1", "1", "2");
        assertThat(m.get("serving").asLong()).isEqualTo(4);

        Result back = models(config, "rollback", "--to", "1");
        assertThat(back.exit()).as(back.err()).isZero();
        assertThat(back.out()).contains("published m@5 (parent 1, checksum");
    }

    private static ServingModel awaitServing(ModelCatalog catalog, long version) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ServingModel> s = catalog.serving(MODEL);
            if (s.isPresent() && s.get().version() == version) {
                return s.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the follower did not serve version " + version + " within " + WAIT + "; catalog "
                + catalog + ", refused " + catalog.refused(MODEL));
    }

    @Test
    void aVersionNotInTheTopicIsRefusedWithTheVersionsHeldAndHowToRepublish() throws Exception {
        Path config = config("models-unknown", Map.of());
        assertThat(models(
                                config,
                                "publish",
                                "--model",
                                modelFile("a.model", ModelsTestKafka.model(1)).toString())
                        .exit())
                .isZero();

        Result promote = models(config, "promote", "--version", "7");
        Result rollback = models(config, "rollback", "--to", "7");

        for (Result r : List.of(promote, rollback)) {
            assertThat(r.exit()).isEqualTo(ModelsFailure.EXIT_BAD_INPUT);
            assertThat(r.err())
                    .contains("version 7 of model 'm' is not in models-unknown (it holds versions 1)")
                    .contains("min.compaction.lag.ms")
                    .contains("./tempora models publish --model FILE --name m");
        }
        Result noEarlier = models(config, "rollback");
        assertThat(noEarlier.exit()).isEqualTo(ModelsFailure.EXIT_BAD_INPUT);
        assertThat(noEarlier.err()).contains("no version before m@1 with other parameters is in models-unknown");
        Result already = models(config, "promote", "--version", "1");
        assertThat(already.exit()).isEqualTo(ModelsFailure.EXIT_BAD_INPUT);
        assertThat(already.err()).contains("m@1 is the newest accepted version already");
        assertThat(versionNumbers(listJson(config))).as("nothing was published").containsExactly(1L);
    }

    @Test
    void anEmptyOrMissingTopicHasNothingToPromoteOrRollBack() throws Exception {
        Path config = config("models-missing", Map.of());

        Result rollback = models(config, "rollback");
        Result promote = models(config, "promote", "--version", "1");
        Result list = models(config, "list");

        assertThat(rollback.exit()).isEqualTo(ModelsFailure.EXIT_BAD_INPUT);
        assertThat(rollback.err()).contains("nothing to roll back").contains("the topic does not exist");
        assertThat(promote.exit()).isEqualTo(ModelsFailure.EXIT_BAD_INPUT);
        assertThat(promote.err()).contains("version 1 of model 'm' is not in models-missing");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("topic models-missing does not exist: no versions");

        kafka.createTopics(List.of(Topics.modelParameters("models-empty", Optional.of((short) 1))));
        Result empty = models(config("models-empty", Map.of()), "rollback");
        assertThat(empty.exit()).isEqualTo(ModelsFailure.EXIT_BAD_INPUT);
        assertThat(empty.err()).contains("nothing to roll back").contains("it holds no version of 'm'");
    }

    @Test
    void aBadModelFileOrAnUnsignedVersionTheAppWouldRefuseLeavesTheTopicAsItWas() throws Exception {
        KeyPair keys = ModelsTestKafka.keyPair();
        Path config = config(
                "models-bad",
                Map.of(
                        TemporaConfig.MODEL_VERIFICATION_KEY_CONFIG,
                        Base64.getEncoder().encodeToString(keys.getPublic().getEncoded())));
        Path key = dir.resolve("signing.key");
        Files.writeString(
                key, Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()));
        Path good = modelFile("good.model", ModelsTestKafka.model(1));
        assertThat(models(config, "publish", "--model", good.toString(), "--signing-key", key.toString())
                        .exit())
                .isZero();
        Path garbage = dir.resolve("garbage.model");
        Files.write(garbage, new byte[] {1, 2, 3, 4, 5});
        byte[] bytes = Files.readAllBytes(good);
        bytes[bytes.length / 2] ^= 0x5a;
        Path corrupt = dir.resolve("corrupt.model");
        Files.write(corrupt, bytes);

        Result notAModel = models(config, "publish", "--model", garbage.toString(), "--signing-key", key.toString());
        Result flipped = models(config, "publish", "--model", corrupt.toString(), "--signing-key", key.toString());
        Result missing =
                models(config, "publish", "--model", dir.resolve("nope.model").toString());
        Result unsigned = models(config, "publish", "--model", good.toString());

        assertThat(notAModel.exit()).isEqualTo(ModelsFailure.EXIT_BAD_INPUT);
        assertThat(notAModel.err()).contains(garbage + " is not a usable Tempora model file");
        assertThat(flipped.exit()).isEqualTo(ModelsFailure.EXIT_BAD_INPUT);
        assertThat(flipped.err()).contains(corrupt + " is not a usable Tempora model file");
        assertThat(missing.exit()).isEqualTo(ModelsFailure.EXIT_BAD_INPUT);
        assertThat(missing.err()).contains("cannot read the model file " + dir.resolve("nope.model"));
        assertThat(unsigned.exit()).isEqualTo(ModelsFailure.EXIT_BAD_INPUT);
        assertThat(unsigned.err())
                .contains("not published, the streams app would refuse it [UNSIGNED]")
                .contains("--signing-key FILE");
        assertThat(versionNumbers(listJson(config)))
                .as("only the good version is on the topic")
                .containsExactly(1L);
    }

    @Test
    void everyModelsCommandHasHelpAndAMissingBrokerIsABadRequest() {
        for (String command : List.of("list", "publish", "promote", "rollback")) {
            Result help = run("models", command, "--help");
            assertThat(help.exit()).isZero();
            assertThat(help.out())
                    .contains("--config")
                    .contains("--bootstrap-servers")
                    .contains("--schema-registry-url");
        }
        assertThat(run("models", "--help").out())
                .contains("list")
                .contains("publish")
                .contains("rollback");
        assertThat(run("models").exit()).isEqualTo(2);

        Result noBroker = run("models", "list", "--schema-registry-url", "http://127.0.0.1:1");
        assertThat(noBroker.exit()).isEqualTo(ModelsFailure.EXIT_BAD_INPUT);
        assertThat(noBroker.err())
                .contains("no bootstrap.servers given: use --bootstrap-servers")
                .contains("TEMPORA_BOOTSTRAP_SERVERS");
    }

    @Test
    void theOptionsNameTheBrokerAndRegistryWithoutAConfigFile() throws Exception {
        Result publish = run(
                "models",
                "publish",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--schema-registry-url",
                registry.confluentApiUrl(),
                "--name",
                "from-options",
                "--model",
                modelFile("o.model", ModelsTestKafka.model(3)).toString());
        Result list = run(
                "models",
                "list",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--schema-registry-url",
                registry.confluentApiUrl(),
                "--name",
                "from-options");

        assertThat(publish.exit()).as(publish.err()).isZero();
        assertThat(publish.out()).contains("published from-options@1").contains("to " + Topics.MODEL_PARAMETERS);
        assertThat(list.out()).contains("model 'from-options' on model-parameters: 1 version;");
    }

    @Test
    void aPinnedVersionIsWhatTheListSaysServesAndAChangeSaysItDoesNotServe() throws Exception {
        Path config = config("models-pinned", Map.of(TemporaConfig.MODEL_PINNED_VERSION_CONFIG, "1"));
        assertThat(models(
                                config,
                                "publish",
                                "--model",
                                modelFile("a.model", ModelsTestKafka.model(1)).toString())
                        .exit())
                .isZero();

        Result second = models(
                config,
                "publish",
                "--model",
                modelFile("b.model", ModelsTestKafka.model(2)).toString());
        Result list = models(config, "list");

        assertThat(second.exit()).isZero();
        assertThat(second.out()).contains("note: version 1 is pinned (tempora.model.pinned.version)");
        assertThat(list.out())
                .contains("the streams app serves version 1 (pinned)")
                .containsPattern("(?m)^\\*\\s+1\\s.*serving")
                .containsPattern("(?m)^\\s+2\\s+1\\s.*accepted");
        JsonNode m = listJson(config);
        assertThat(m.get("serving").asLong()).isEqualTo(1);
        assertThat(m.get("pinned").asLong()).isEqualTo(1);
    }

    @Test
    void anUnreachableBrokerIsAFailureOfItsOwnThatSaysSo() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        Result list = run(
                "models",
                "list",
                "--bootstrap-servers",
                "127.0.0.1:" + closedPort,
                "--schema-registry-url",
                registry.confluentApiUrl(),
                "--timeout",
                "2");

        assertThat(list.exit()).isEqualTo(ModelsFailure.EXIT_UNAVAILABLE);
        assertThat(list.err()).contains("the broker did not answer for model-parameters at 127.0.0.1:" + closedPort);
    }
}
