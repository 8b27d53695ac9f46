package io.tempora.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The images' Dockerfiles (src/docker) against the app: ports, health check, keys, JVM flags, user, contents. */
class ImagesTest {

    private static final List<String> IMAGES = List.of("streams-app", "trainer", "kafka", "registry-dev");
    /** The JRE image users get when they do not pass -Dimage.base. */
    private static final String DEFAULT_BASE = "eclipse-temurin:17-jre";
    /** The unprivileged user every image runs as (the Kubernetes manifests' runAsUser). */
    private static final String USER = "10001:10001";

    private final Properties images = DeployFiles.images();

    @Test
    void everyImageTakesItsBaseAsAParameterAndRunsAsAnUnprivilegedUser() {
        for (String image : IMAGES) {
            String dockerfile = DeployFiles.dockerfile(image);
            assertThat(dockerfile)
                    .as(image)
                    .contains("ARG BASE_IMAGE=" + DEFAULT_BASE + "\nFROM ${BASE_IMAGE}\n")
                    .contains("\nUSER " + USER + "\n");
            assertThat(dockerfile.substring(dockerfile.lastIndexOf("\nUSER ")))
                    .as("nothing of %s runs as root after USER", image)
                    .doesNotContain("\nRUN ");
        }
    }

    @Test
    void appImageChecksReadinessOnTheHttpPortItConfigures() {
        String dockerfile = DeployFiles.dockerfile("streams-app");
        String port = images.getProperty("image.app.http.port");
        assertThat(DeployFiles.dockerfileEnv("streams-app")).containsEntry("TEMPORA_HTTP_PORT", port);
        assertThat(dockerfile)
                .contains("EXPOSE " + port + "\n")
                .containsPattern(
                        "HEALTHCHECK [^\\n]*\\\\\\n\\s+CMD bash /usr/local/bin/http-ok \\S+ \"\\$TEMPORA_HTTP_PORT\" /health/ready\\n");
    }

    @Test
    void appImageEnvironmentSetsKeysTheAppReadsWithItsStateOnTheVolume() {
        DeployFiles.dockerfileEnv("streams-app").keySet().forEach(name -> assertThat(
                        KnownKeys.appReads(KnownKeys.keyOf(name)))
                .as("%s sets %s", name, KnownKeys.keyOf(name))
                .isTrue());
        String stateDir = DeployFiles.dockerfileEnv("streams-app").get("TEMPORA_STATE_DIR");
        String volume = DeployFiles.dockerfile("streams-app")
                .lines()
                .filter(l -> l.startsWith("VOLUME "))
                .findFirst()
                .orElseThrow()
                .substring("VOLUME ".length());
        assertThat(stateDir).startsWith(volume + "/");
    }

    @Test
    void appAndTrainerRunWithTheContainerJvmFlags() throws IOException {
        String jvmArgs = Files.readString(DeployFiles.DOCKER_DIR.resolve("common/jvm.args"));
        assertThat(jvmArgs.replace("@jvm.vector@", images.getProperty("jvm.vector"))
                        .lines())
                .contains("-XX:MaxRAMPercentage=75.0", images.getProperty("jvm.vector"));
        for (String image : List.of("streams-app", "trainer")) {
            assertThat(DeployFiles.dockerfile(image))
                    .as(image)
                    .contains("COPY common/jvm.args /opt/tempora/jvm.args\n")
                    .contains("ENTRYPOINT [\"java\", \"@/opt/tempora/jvm.args\", \"-jar\", \"/opt/tempora/" + image
                            + ".jar\"]");
        }
    }

    @Test
    void appJarHoldsNoNd4j() throws IOException {
        Path jar = Path.of(images.getProperty("streams-app.all.jar"));
        Assumptions.assumeTrue(
                Files.isRegularFile(jar), "the app's runnable jar is built (not with -Dtempora.shade.skip)");
        try (JarFile file = new JarFile(jar.toFile())) {
            assertThat(file.stream().map(e -> e.getName()))
                    .as("entries of %s", jar)
                    .isNotEmpty()
                    .noneMatch(name -> name.startsWith("org/nd4j/") || name.startsWith("org/bytedeco/"));
        }
    }
}
