package io.tempora.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tempora.streams.TemporaConfig;
import io.tempora.streams.Topics;
import io.tempora.trainer.service.TrainerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** deploy/k8s (kustomize base and overlays) against the code: ports, probes, keys, topics, images. */
class KubernetesManifestsTest {

    private static final Path BASE = DeployFiles.K8S_DIR.resolve("base");
    private static final List<Path> OVERLAYS =
            List.of(DeployFiles.K8S_DIR.resolve("overlays/dev"), DeployFiles.K8S_DIR.resolve("overlays/prod"));
    private static final String KUSTOMIZATION = "kustomization.yaml";
    /** What a downward-API field gives at run time, for parsing the configuration here. */
    private static final String POD_IP = "10.0.0.7";

    private static final String APP_CONFIG_FILE = "/etc/tempora/tempora.properties";
    private static final String TRAINER_CONFIG_FILE = "/etc/tempora/trainer.properties";
    /** Strimzi names a cluster's bootstrap Service CLUSTER-kafka-bootstrap. */
    private static final String STRIMZI_BOOTSTRAP_SUFFIX = "-kafka-bootstrap";

    private final List<JsonNode> base = baseResources();

    @Test
    void everyFileParsesAndEveryKustomizationNamesFilesThatExist() {
        assertThat(DeployFiles.k8sFiles())
                .allSatisfy(f -> assertThat(DeployFiles.yamlDocuments(f)).isNotEmpty());
        List<Path> dirs = new ArrayList<>(OVERLAYS);
        dirs.add(BASE);
        for (Path dir : dirs) {
            JsonNode k = kustomization(dir);
            k.path("resources").forEach(r -> assertThat(dir.resolve(r.asText()))
                    .as("resource %s of %s", r.asText(), dir)
                    .exists());
            k.path("patches").forEach(p -> assertThat(dir.resolve(p.get("path").asText()))
                    .exists());
        }
    }

    @Test
    void overlayPatchesTargetResourcesOfTheBase() {
        Set<String> baseKinds = base.stream().map(KubernetesManifestsTest::id).collect(Collectors.toSet());
        Set<String> baseKindsOnly =
                base.stream().map(r -> r.get("kind").asText()).collect(Collectors.toSet());
        for (Path overlay : OVERLAYS) {
            for (JsonNode patch : kustomization(overlay).path("patches")) {
                if (patch.has("target")) {
                    assertThat(baseKindsOnly)
                            .contains(patch.get("target").get("kind").asText());
                } else {
                    JsonNode doc = DeployFiles.yamlDocuments(
                                    overlay.resolve(patch.get("path").asText()))
                            .get(0);
                    assertThat(baseKinds).as("patch %s of %s", patch, overlay).contains(id(doc));
                }
            }
        }
    }

    @Test
    void appPortProbesServicesAndScrapeAnnotationsAgree() {
        JsonNode sts = resource("StatefulSet", "tempora-app");
        JsonNode pod = sts.get("spec").get("template");
        JsonNode container = pod.get("spec").get("containers").get(0);
        int port = container.get("ports").get(0).get("containerPort").asInt();
        assertThat(container.get("ports").get(0).get("name").asText()).isEqualTo("http");
        assertThat(containerEnv(container)).containsEntry("TEMPORA_HTTP_PORT", Integer.toString(port));
        assertThat(appConfig().getProperty(TemporaConfig.HTTP_PORT_CONFIG)).isEqualTo(Integer.toString(port));
        assertThat(Integer.toString(port)).isEqualTo(DeployFiles.images().getProperty("image.app.http.port"));

        assertThat(probe(container, "livenessProbe")).isEqualTo("/health/live");
        assertThat(probe(container, "startupProbe")).isEqualTo("/health/live");
        assertThat(probe(container, "readinessProbe")).isEqualTo("/health/ready");

        Map<String, String> annotations =
                DeployFiles.strings(pod.get("metadata").get("annotations"));
        assertThat(annotations)
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", Integer.toString(port))
                .containsEntry("prometheus.io/path", "/metrics");

        Map<String, String> podLabels = DeployFiles.strings(pod.get("metadata").get("labels"));
        for (String name : List.of("tempora-app", "tempora-app-headless")) {
            JsonNode service = resource("Service", name);
            assertThat(podLabels)
                    .containsAllEntriesOf(
                            DeployFiles.strings(service.get("spec").get("selector")));
            assertThat(service.get("spec").get("ports").get(0).get("targetPort").asText())
                    .isEqualTo("http");
        }
        JsonNode headless = resource("Service", "tempora-app-headless");
        assertThat(headless.get("spec").get("clusterIP").asText()).isEqualTo("None");
        assertThat(sts.get("spec").get("serviceName").asText()).isEqualTo("tempora-app-headless");
    }

    @Test
    void appConfigurationSetsKeysTheAppReadsAndParses() {
        JsonNode container = appContainer();
        Map<String, String> env = containerEnv(container);
        assertThat(env).as("the app never holds the signing key").doesNotContainKey("TEMPORA_MODEL_SIGNING_KEY");
        env.keySet().forEach(name -> assertThat(KnownKeys.appReads(KnownKeys.keyOf(name)))
                .as("%s sets %s, a key the app reads", name, KnownKeys.keyOf(name))
                .isTrue());
        Properties file = appConfig();
        file.stringPropertyNames().forEach(key -> assertThat(KnownKeys.appReads(key))
                .as("%s in tempora.properties", key)
                .isTrue());
        TemporaConfig config = new TemporaConfig(TemporaConfig.withEnvironment(file, env));
        assertThat(List.of(config.eventsTopic(), config.predictionsTopic(), config.dlqTopic(), config.modelsTopic()))
                .containsExactly(Topics.EVENTS, Topics.PREDICTIONS, Topics.EVENTS_DLQ, Topics.MODEL_PARAMETERS);
        assertThat(config.httpHost()).isEqualTo(POD_IP);
        assertThat(Integer.parseInt(config.streamsProperties().getProperty("num.standby.replicas")))
                .as("a standby per task")
                .isPositive();
        assertThat(container.get("args").toString()).contains(APP_CONFIG_FILE);
        assertThat(mountedFile(container, appPodSpec())).isEqualTo(APP_CONFIG_FILE);
    }

    @Test
    void trainerCronJobRunsOneRoundWithAConfigurationTheTrainerParses() {
        JsonNode podSpec = resource("CronJob", "tempora-trainer")
                .get("spec")
                .get("jobTemplate")
                .get("spec")
                .get("template")
                .get("spec");
        JsonNode container = podSpec.get("containers").get(0);
        List<String> args = new ArrayList<>();
        container.get("args").forEach(a -> args.add(a.asText()));
        assertThat(args).containsExactly("train", "--config", TRAINER_CONFIG_FILE, "--once");
        assertThat(mountedFile(container, podSpec)).isEqualTo(TRAINER_CONFIG_FILE);

        Map<String, String> env = containerEnv(container);
        assertThat(env).containsKey("TEMPORA_MODEL_SIGNING_KEY");
        env.keySet().forEach(name -> assertThat(KnownKeys.trainerReads(KnownKeys.keyOf(name)))
                .as(name)
                .isTrue());
        Properties file = DeployFiles.properties(configMapData().get("trainer.properties"));
        file.stringPropertyNames().forEach(key -> assertThat(KnownKeys.trainerReads(key))
                .as("%s in trainer.properties", key)
                .isTrue());
        TrainerConfig config = new TrainerConfig(TrainerConfig.withEnvironment(file, env));
        assertThat(config.getString(TemporaConfig.MODELS_TOPIC_CONFIG)).isEqualTo(Topics.MODEL_PARAMETERS);
        assertThat(config.getString(TemporaConfig.EVENTS_TOPIC_CONFIG)).isEqualTo(Topics.EVENTS);
        assertThat(file.getProperty("bootstrap.servers")).isEqualTo(appConfig().getProperty("bootstrap.servers"));
        assertThat(file.getProperty("schema.registry.url"))
                .isEqualTo(appConfig().getProperty("schema.registry.url"));
    }

    @Test
    void kafkaTopicsAreTheAppsTopicsOnTheClusterTheAppsUse() {
        List<JsonNode> topics = base.stream()
                .filter(r -> r.get("kind").asText().equals("KafkaTopic"))
                .toList();
        Map<String, JsonNode> byName = new TreeMap<>();
        topics.forEach(t -> byName.put(t.get("spec").get("topicName").asText(), t));
        int partitions = byName.get(Topics.EVENTS).get("spec").get("partitions").asInt();
        for (NewTopic want : Topics.definitions(partitions, (short) 1)) {
            JsonNode spec = byName.get(want.name()).get("spec");
            assertThat(spec.get("partitions").asInt()).as(want.name()).isEqualTo(want.numPartitions());
            Map<String, String> config = DeployFiles.strings(spec.path("config"));
            assertThat(config).containsAllEntriesOf(want.configs() == null ? Map.of() : want.configs());
        }
        assertThat(byName).hasSize(Topics.definitions(partitions, (short) 1).size());

        String bootstrap = appConfig().getProperty("bootstrap.servers");
        topics.forEach(t -> assertThat(bootstrap)
                .startsWith(t.get("metadata")
                                .get("labels")
                                .get("strimzi.io/cluster")
                                .asText() + STRIMZI_BOOTSTRAP_SUFFIX + ":"));
        for (Path overlay : OVERLAYS) {
            int replicas = overlayAppReplicas(overlay);
            assertThat(replicas)
                    .as("app pods of %s: more than partitions would idle", overlay)
                    .isLessThanOrEqualTo(partitions);
        }
    }

    @Test
    void containersRunImagesTheBuildMakesAsTheImagesUser() {
        Properties images = DeployFiles.images();
        Map<String, String> tags = new HashMap<>();
        kustomization(BASE)
                .get("images")
                .forEach(i -> tags.put(i.get("name").asText(), i.get("newTag").asText()));
        List<JsonNode> podSpecs = List.of(
                appPodSpec(),
                resource("CronJob", "tempora-trainer")
                        .get("spec")
                        .get("jobTemplate")
                        .get("spec")
                        .get("template")
                        .get("spec"));
        for (JsonNode podSpec : podSpecs) {
            assertThat(podSpec.get("securityContext").get("runAsUser").asText()).isEqualTo("10001");
            String image = podSpec.get("containers").get(0).get("image").asText();
            assertThat(images.values()).contains(image + ":" + tags.get(image));
        }
    }

    @Test
    void overlaySecretsReplaceTheBaseSecretWithTheSameKeys() {
        JsonNode baseSecret = resource("Secret", "tempora-secrets");
        Set<String> keys = DeployFiles.strings(baseSecret.get("stringData")).keySet();
        assertThat(kustomization(DeployFiles.K8S_DIR.resolve("overlays/prod")).path("secretGenerator"))
                .as("production replaces the placeholders")
                .isNotEmpty();
        for (Path overlay : OVERLAYS) {
            for (JsonNode generator : kustomization(overlay).path("secretGenerator")) {
                assertThat(generator.get("name").asText()).isEqualTo("tempora-secrets");
                assertThat(generator.get("behavior").asText()).isEqualTo("replace");
                assertThat(kustomization(overlay)
                                .get("generatorOptions")
                                .get("disableNameSuffixHash")
                                .asBoolean())
                        .as("the pods refer to the Secret by its plain name")
                        .isTrue();
                for (JsonNode env : generator.get("envs")) {
                    // The real file is gitignored; its committed example names the keys.
                    Path example = overlay.resolve(env.asText() + ".example");
                    assertThat(example).exists();
                    try {
                        Properties p = DeployFiles.properties(Files.readString(example));
                        assertThat(p.stringPropertyNames())
                                .as("keys of %s", example)
                                .isEqualTo(keys);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }
        }
    }

    private static List<JsonNode> baseResources() {
        List<JsonNode> out = new ArrayList<>();
        kustomization(BASE)
                .get("resources")
                .forEach(r -> out.addAll(DeployFiles.yamlDocuments(BASE.resolve(r.asText()))));
        return out;
    }

    private static JsonNode kustomization(Path dir) {
        return DeployFiles.yamlDocuments(dir.resolve(KUSTOMIZATION)).get(0);
    }

    private static String id(JsonNode resource) {
        return resource.get("kind").asText() + "/"
                + resource.get("metadata").get("name").asText();
    }

    private JsonNode resource(String kind, String name) {
        return base.stream()
                .filter(r -> id(r).equals(kind + "/" + name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " in the base"));
    }

    private JsonNode appPodSpec() {
        return resource("StatefulSet", "tempora-app")
                .get("spec")
                .get("template")
                .get("spec");
    }

    private JsonNode appContainer() {
        return appPodSpec().get("containers").get(0);
    }

    private Map<String, String> configMapData() {
        return DeployFiles.strings(resource("ConfigMap", "tempora-config").get("data"));
    }

    private Properties appConfig() {
        return DeployFiles.properties(configMapData().get("tempora.properties"));
    }

    /**
     * The container's environment as a pod would have it: literal values, downward-API fields ({@link #POD_IP}),
     * and keys of the Secret (each of which must exist there).
     */
    private Map<String, String> containerEnv(JsonNode container) {
        Map<String, String> secret =
                DeployFiles.strings(resource("Secret", "tempora-secrets").get("stringData"));
        Map<String, String> env = new TreeMap<>();
        for (JsonNode e : container.path("env")) {
            String name = e.get("name").asText();
            JsonNode ref = e.path("valueFrom").path("secretKeyRef");
            if (e.has("value")) {
                env.put(name, e.get("value").asText());
            } else if (!ref.isMissingNode()) {
                assertThat(ref.get("name").asText()).isEqualTo("tempora-secrets");
                assertThat(secret)
                        .as("the Secret's keys")
                        .containsKey(ref.get("key").asText());
                env.put(name, secret.get(ref.get("key").asText()));
            } else {
                assertThat(e.get("valueFrom").get("fieldRef").get("fieldPath").asText())
                        .isEqualTo("status.podIP");
                env.put(name, POD_IP);
            }
        }
        return env;
    }

    private static String probe(JsonNode container, String probe) {
        JsonNode get = container.get(probe).get("httpGet");
        assertThat(get.get("port").asText()).as(probe).isEqualTo("http");
        return get.get("path").asText();
    }

    /** The path at which the container sees the one ConfigMap item mounted into it. */
    private static String mountedFile(JsonNode container, JsonNode podSpec) {
        for (JsonNode mount : container.get("volumeMounts")) {
            for (JsonNode volume : podSpec.get("volumes")) {
                if (volume.get("name").asText().equals(mount.get("name").asText()) && volume.has("configMap")) {
                    return mount.get("mountPath").asText() + "/"
                            + volume.get("configMap")
                                    .get("items")
                                    .get(0)
                                    .get("path")
                                    .asText();
                }
            }
        }
        throw new AssertionError("no ConfigMap mounted in " + container.get("name"));
    }

    private static int overlayAppReplicas(Path overlay) {
        for (JsonNode patch : kustomization(overlay).path("patches")) {
            Path file = overlay.resolve(patch.get("path").asText());
            if (!Files.exists(file) || patch.has("target")) {
                continue;
            }
            JsonNode doc = DeployFiles.yamlDocuments(file).get(0);
            if (id(doc).equals("StatefulSet/tempora-app") && doc.get("spec").has("replicas")) {
                return doc.get("spec").get("replicas").asInt();
            }
        }
        throw new AssertionError(overlay + " sets no replica count for the app");
    }
}
