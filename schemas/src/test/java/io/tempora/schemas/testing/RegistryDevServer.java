package io.tempora.schemas.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A running dev/test Schema Registry (Apicurio 2.4.2, built by {@code deploy/registry-dev}) in a child JVM on
 * 127.0.0.1, with in-memory storage or, given a storage directory, an H2 database file there.
 *
 * <p>{@link #start} launches it with {@code quarkus.http.port=0}, reads the port Quarkus chose from its log,
 * and waits until {@code GET /health/ready} answers 200. {@link #close} stops it by process id (SIGTERM, then
 * SIGKILL after 10 s); a JVM shutdown hook does the same if the test JVM exits first. In memory, its state is
 * empty at start and lives as long as the process, so tests sharing one server use distinct subjects; with a
 * storage directory, a registry started again on the same directory has the schemas and ids of the last one.
 */
public final class RegistryDevServer implements AutoCloseable {

    /** How long a stopping registry may take to exit before it is killed, and a killed one to be gone. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    /** The registry's option naming its storage directory (deploy/registry-dev, StorageDirectoryConfigSource). */
    public static final String STORAGE_DIR_PROPERTY = "tempora.registry.storage.dir";

    private static final Pattern LISTENING = Pattern.compile("Listening on: http://127\\.0\\.0\\.1:(\\d+)");

    private final long pid;
    private final URI baseUrl;
    private final Path logFile;
    private final Duration startupTime;
    private final Thread shutdownHook;

    private RegistryDevServer(long pid, URI baseUrl, Path logFile, Duration startupTime) {
        this.pid = pid;
        this.baseUrl = baseUrl;
        this.logFile = logFile;
        this.startupTime = startupTime;
        this.shutdownHook = new Thread(() -> stop(pid), "registry-dev-stop-" + pid);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts the registry from its runner jar.
     *
     * @param runnerJar {@code deploy/registry-dev/target/registry-dev-*-runner.jar}
     * @param logDir directory for the registry's console log
     * @param timeout how long to wait for readiness before failing
     * @throws IllegalStateException if the jar is missing, the process dies, or it is not ready in time; the
     *     message carries the end of the registry's log
     */
    public static RegistryDevServer start(Path runnerJar, Path logDir, Duration timeout) {
        return start(runnerJar, logDir, timeout, Optional.empty());
    }

    /**
     * Starts the registry from its runner jar, keeping its storage in {@code storageDir} if given
     * ({@code -Dtempora.registry.storage.dir}), else in memory.
     *
     * @see #start(Path, Path, Duration)
     */
    public static RegistryDevServer start(Path runnerJar, Path logDir, Duration timeout, Optional<Path> storageDir) {
        if (!Files.isRegularFile(runnerJar)) {
            throw new IllegalStateException("The dev Schema Registry is not built: " + runnerJar.toAbsolutePath()
                    + " does not exist. Build it with `./mvnw -B -pl deploy/registry-dev package` (a full `./mvnw -B"
                    + " verify` builds it before the schemas tests), or point -D" + RegistryDevExtension.JAR_PROPERTY
                    + " at the runner jar.");
        }
        long started = System.nanoTime();
        Path logFile;
        Process process;
        try {
            Files.createDirectories(logDir);
            logFile = Files.createTempFile(logDir, "registry-", ".log");
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // Small heap, serial GC and C1 only: the registry serves a handful of requests on a 2-core machine,
            // where startup time and CPU taken from the build matter more than peak throughput.
            List<String> command = new ArrayList<>(List.of(
                    java,
                    "-Xmx384m",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-Dquarkus.http.host=127.0.0.1",
                    "-Dquarkus.http.port=0"));
            storageDir.ifPresent(dir -> command.add("-D" + STORAGE_DIR_PROPERTY + "=" + dir.toAbsolutePath()));
            command.addAll(List.of("-jar", runnerJar.toString()));
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not launch the dev Schema Registry from " + runnerJar + ": " + e, e);
        }
        try {
            int port = awaitPort(process, logFile, started, timeout);
            URI baseUrl = URI.create("http://127.0.0.1:" + port);
            awaitReady(process, logFile, baseUrl, started, timeout);
            return new RegistryDevServer(
                    process.pid(), baseUrl, logFile, Duration.ofNanos(System.nanoTime() - started));
        } catch (RuntimeException | Error e) {
            stop(process.pid());
            throw e;
        }
    }

    /** Root URL, e.g. {@code http://127.0.0.1:40123}. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** Base URL of the Confluent-compatible API, the value for {@code schema.registry.url}. */
    public String confluentApiUrl() {
        return baseUrl + "/apis/ccompat/v7";
    }

    /** Process id of the registry JVM. */
    public long pid() {
        return pid;
    }

    /** Wall time from launch to the first successful readiness check. */
    public Duration startupTime() {
        return startupTime;
    }

    /** The registry's console log. */
    public Path logFile() {
        return logFile;
    }

    @Override
    public void close() {
        stop(pid);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook runs anyway; stopping twice is harmless.
        }
    }

    private static void stop(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            return;
        }
        ProcessHandle p = handle.get();
        p.destroy();
        if (!awaitExit(p)) {
            // A loaded machine can take longer than the grace period to shut Quarkus down: kill, and still
            // return only once the process is gone, so that the port is free when close() returns.
            p.destroyForcibly();
            awaitExit(p);
        }
    }

    /** Whether {@code p} exited within {@link #STOP_GRACE}. */
    private static boolean awaitExit(ProcessHandle p) {
        try {
            p.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return !p.isAlive();
        }
    }

    private static int awaitPort(Process process, Path logFile, long started, Duration timeout) {
        while (true) {
            Matcher m = LISTENING.matcher(read(logFile));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            checkAlive(process, logFile, started, timeout, "announce its HTTP port");
            pause();
        }
    }

    private static void awaitReady(Process process, Path logFile, URI baseUrl, long started, Duration timeout) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(baseUrl.resolve("/health/ready"))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        while (true) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not accepting connections yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the dev Schema Registry", e);
            }
            checkAlive(process, logFile, started, timeout, "report ready at " + baseUrl + "/health/ready");
            pause();
        }
    }

    private static void checkAlive(Process process, Path logFile, long started, Duration timeout, String what) {
        if (!process.isAlive()) {
            throw new IllegalStateException("The dev Schema Registry exited with status " + process.exitValue()
                    + " before it could " + what + ". End of its log (" + logFile + "):\n" + tail(logFile));
        }
        if (System.nanoTime() - started > timeout.toNanos()) {
            throw new IllegalStateException("The dev Schema Registry did not " + what + " within " + timeout
                    + ". End of its log (" + logFile + "):\n" + tail(logFile));
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the dev Schema Registry", e);
        }
    }

    private static String read(Path logFile) {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(Path logFile) {
        String log = read(logFile);
        return log.length() <= 4000 ? log : log.substring(log.length() - 4000);
    }
}
