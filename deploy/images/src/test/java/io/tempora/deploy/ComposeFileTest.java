package io.tempora.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tempora.streams.TemporaConfig;
import io.tempora.streams.Topics;
import io.tempora.trainer.service.TrainerConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** deploy/compose.yaml against the code: images, ports, environment keys, topics. */
class ComposeFileTest {

    private static final List<String> APPS = List.of("app-1", "app-2");
    private static final Pattern TOPIC = Pattern.compile("--topic (\\S+)");
    private static final Pattern PARTITIONS = Pattern.compile("--partitions (\\d+)");
    private static final Pattern REPLICATION = Pattern.compile("--replication-factor (\\d+)");
    private static final Pattern CONFIG = Pattern.compile("--config (\\S+)=(\\S+)");

    private final JsonNode services =
            DeployFiles.yamlDocuments(DeployFiles.COMPOSE_FILE).get(0).get("services");
    private final Properties images = DeployFiles.images();

    @Test
    void everyServiceRunsAnImageTheBuildMakes() {
        services.fields().forEachRemaining(s -> assertThat(images.values())
                .as("image of service %s", s.getKey())
                .contains(s.getValue().get("image").asText()));
        assertThat(image("app-1")).isEqualTo(images.getProperty("image.streams-app"));
        assertThat(image("trainer")).isEqualTo(images.getProperty("image.trainer"));
        assertThat(image("kafka")).isEqualTo(images.getProperty("image.kafka"));
        assertThat(image("registry")).isEqualTo(images.getProperty("image.registry-dev"));
    }

    @Test
    void everyServiceUsesHostNetworkingWithItsOwnPorts() {
        services.fields().forEachRemaining(s -> assertThat(
                        s.getValue().path("network_mode").asText())
                .as("network of %s", s.getKey())
                .isEqualTo("host"));
        List<String> ports = new ArrayList<>();
        ports.add(env("kafka").get("KAFKA_PORT"));
        ports.add(env("kafka").get("KAFKA_CONTROLLER_PORT"));
        ports.add(env("registry").get("QUARKUS_HTTP_PORT"));
        APPS.forEach(app -> ports.add(env(app).get("TEMPORA_HTTP_PORT")));
        assertThat(ports).doesNotContainNull().doesNotHaveDuplicates();
    }

    @Test
    void appsAndTrainerReachTheComposeBrokerAndRegistry() {
        String bootstrap = env("kafka").get("KAFKA_HOST") + ":" + env("kafka").get("KAFKA_PORT");
        String registry = "http://" + env("registry").get("QUARKUS_HTTP_HOST") + ":"
                + env("registry").get("QUARKUS_HTTP_PORT") + "/apis/ccompat/v7";
        for (String client : List.of("app-1", "app-2", "trainer")) {
            assertThat(env(client)).containsEntry("TEMPORA_BOOTSTRAP_SERVERS", bootstrap);
            assertThat(env(client)).containsEntry("TEMPORA_SCHEMA_REGISTRY_URL", registry);
        }
        assertThat(topicsScript()).allSatisfy(line -> assertThat(line).contains("--bootstrap-server " + bootstrap));
    }

    @Test
    void appEnvironmentSetsKeysTheAppReadsAndParses() {
        Properties defaults = DeployFiles.imageDefaults("streams-app/tempora.properties");
        for (String app : APPS) {
            Map<String, String> env = new TreeMap<>(DeployFiles.dockerfileEnv("streams-app"));
            env.putAll(env(app));
            env.keySet().forEach(name -> assertThat(KnownKeys.appReads(KnownKeys.keyOf(name)))
                    .as("%s of %s sets %s, a key the app reads", name, app, KnownKeys.keyOf(name))
                    .isTrue());
            TemporaConfig config = new TemporaConfig(TemporaConfig.withEnvironment(defaults, env));
            assertThat(config.httpPort()).isPositive();
            assertThat(config.streamsProperties()).containsKeys("application.id", "bootstrap.servers", "state.dir");
        }
        assertThat(env("app-1").get("TEMPORA_APPLICATION_ID"))
                .as("one application.id: the instances share the partitions")
                .isEqualTo(env("app-2").get("TEMPORA_APPLICATION_ID"));
        assertThat(volumeOf("app-1")).isNotEqualTo(volumeOf("app-2"));
    }

    @Test
    void trainerEnvironmentSetsKeysTheTrainerReadsAndParses() throws Exception {
        Map<String, String> env = env("trainer");
        env.keySet().forEach(name -> assertThat(KnownKeys.trainerReads(KnownKeys.keyOf(name)))
                .as("%s sets %s, a key the trainer reads", name, KnownKeys.keyOf(name))
                .isTrue());
        TrainerConfig.load(DeployFiles.DEPLOY_DIR.resolve("trainer.properties"), env);
        assertThat(services.get("trainer").get("command").get(0).asText()).isEqualTo("train");
    }

    @Test
    void topicsServiceCreatesTheAppsTopicsBeforeTheAppsStart() {
        Map<String, NewTopic> created = new TreeMap<>();
        for (String line : topicsScript()) {
            Map<String, String> configs = new HashMap<>();
            Matcher c = CONFIG.matcher(line);
            while (c.find()) {
                configs.put(c.group(1), c.group(2));
            }
            String name = group(TOPIC, line);
            created.put(
                    name,
                    new NewTopic(
                                    name,
                                    Integer.parseInt(group(PARTITIONS, line)),
                                    Short.parseShort(group(REPLICATION, line)))
                            .configs(configs));
        }
        int partitions = created.get(Topics.EVENTS).numPartitions();
        Map<String, NewTopic> expected = new TreeMap<>();
        Topics.definitions(partitions, (short) 1).forEach(t -> expected.put(t.name(), t));
        assertThat(created.keySet()).isEqualTo(expected.keySet());
        expected.forEach((name, want) -> {
            NewTopic got = created.get(name);
            assertThat(got.numPartitions()).as("partitions of %s", name).isEqualTo(want.numPartitions());
            assertThat(got.replicationFactor()).as("replication of %s", name).isEqualTo(want.replicationFactor());
            assertThat(got.configs())
                    .as("configs of %s", name)
                    .isEqualTo(want.configs() == null ? Map.of() : want.configs());
        });
        assertThat(partitions).as("a partition for each app instance at least").isGreaterThanOrEqualTo(APPS.size());
        for (String client : List.of("app-1", "app-2", "trainer")) {
            assertThat(services.get(client)
                            .get("depends_on")
                            .get("topics")
                            .get("condition")
                            .asText())
                    .isEqualTo("service_completed_successfully");
        }
    }

    private List<String> topicsScript() {
        JsonNode command = services.get("topics").get("command");
        List<String> lines = new ArrayList<>();
        command.forEach(part ->
                part.asText().lines().filter(l -> l.contains("--create")).forEach(lines::add));
        assertThat(lines).as("topic creations in the topics service").isNotEmpty();
        return lines;
    }

    private static String group(Pattern p, String line) {
        Matcher m = p.matcher(line);
        assertThat(m.find()).as("%s in: %s", p, line).isTrue();
        return m.group(1);
    }

    private String image(String service) {
        return services.get(service).get("image").asText();
    }

    private String volumeOf(String service) {
        return services.get(service).get("volumes").get(0).asText().split(":")[0];
    }

    private Map<String, String> env(String service) {
        Map<String, String> out = new TreeMap<>();
        DeployFiles.strings(services.get(service).path("environment"))
                .forEach((k, v) -> out.put(k, DeployFiles.composeValue(v)));
        return out;
    }
}
