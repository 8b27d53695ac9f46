package io.tempora.deploy.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testcontainers.containers.GenericContainer;

/**
 * One streams-app container of the image, on a fixed HTTP port, configured through {@code TEMPORA_*} variables:
 * its application id, topics and model, the shared broker and registry. Answers the HTTP questions the tests ask.
 */
final class AppInstance {

    /**
     * Kafka's default session timeout is 45 s: a killed instance's partitions wait that long before the group moves
     * them. The tests shorten it (the broker allows 6 s and more) so that a kill costs seconds, not most of a minute.
     */
    private static final String SESSION_TIMEOUT_MS = "10000";
    /**
     * Commits every 100 ms (Streams' default under exactly-once, stated because the tests count on predictions
     * reaching read_committed readers soon after their events).
     */
    private static final String COMMIT_INTERVAL_MS = "100";

    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern SERVING = Pattern.compile("\"serving\":(\\d+)");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();

    private final String name;
    private final int port;
    private final ContainerLog log;
    private final GenericContainer<?> container;

    /** The container {@code name} of application {@code applicationId} on {@code topics}, serving {@code model}. */
    AppInstance(SharedServices services, String name, String applicationId, TopicSet topics, String model, int port) {
        this.name = name;
        this.port = port;
        this.log = ImageContainers.log(name);
        this.container = ImageContainers.container("tempora.image.streams-app", name, log)
                .withEnv("TEMPORA_APPLICATION_ID", applicationId)
                .withEnv("TEMPORA_BOOTSTRAP_SERVERS", services.bootstrap())
                .withEnv("TEMPORA_SCHEMA_REGISTRY_URL", services.registryUrl())
                .withEnv("TEMPORA_HTTP_HOST", "127.0.0.1")
                .withEnv("TEMPORA_HTTP_PORT", Integer.toString(port))
                .withEnv("TEMPORA_MODEL_NAME", model)
                .withEnv("TEMPORA_EVENTS_TOPIC", topics.events())
                .withEnv("TEMPORA_PREDICTIONS_TOPIC", topics.predictions())
                .withEnv("TEMPORA_DLQ_TOPIC", topics.dlq())
                .withEnv("TEMPORA_MODELS_TOPIC", topics.models())
                .withEnv("TEMPORA_COMMIT_INTERVAL_MS", COMMIT_INTERVAL_MS)
                .withEnv("TEMPORA_SESSION_TIMEOUT_MS", SESSION_TIMEOUT_MS)
                .waitingFor(ready());
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    GenericContainer<?> container() {
        return container;
    }

    /** SIGKILL, then {@code docker start} of the same container, and a wait until it is ready again. */
    void killAndStartAgain() {
        ImageContainers.kill(container, log);
        ImageContainers.startAgain(container, log);
        ready().waitUntilReady(container);
    }

    /** Whether {@code /health/ready} answers 200. */
    boolean isReady() {
        return get("/health/ready").map(r -> r.statusCode() == 200).orElse(false);
    }

    /** The version {@code /models} says this instance serves for its model, if it answers and serves one. */
    Optional<Long> servingVersion() {
        return get("/models").filter(r -> r.statusCode() == 200).flatMap(r -> {
            Matcher m = SERVING.matcher(r.body());
            return m.find() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
        });
    }

    /**
     * {@code GET path} on this instance; empty when it does not answer (stopped, restarting).
     */
    Optional<HttpResponse<String>> get(String path) {
        try {
            return Optional.of(HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .timeout(HTTP_TIMEOUT)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private HostHttpWait ready() {
        return (HostHttpWait) new HostHttpWait(port, "/health/ready").withStartupTimeout(ImageContainers.STARTUP);
    }
}
