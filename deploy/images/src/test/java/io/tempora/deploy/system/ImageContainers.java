package io.tempora.deploy.system;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.FrameConsumerResultCallback;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

/**
 * Containers of the images the build made (their names come from system properties the system-tests profile sets),
 * on the host network, named {@code tempora-system-NAME}, their output in a {@link ContainerLog}; and what a test
 * does to them besides start and stop: a SIGKILL, a graceful stop, and a start of the same container again (its
 * filesystem and volumes kept), which Testcontainers itself does not offer.
 */
final class ImageContainers {

    /** How long a container may take to start on a loaded two-core machine. */
    static final Duration STARTUP = Duration.ofMinutes(4);

    /** Where each container's output goes, one file per container. */
    static final Path LOG_DIR = Path.of("target", "system-tests");

    /** Seconds a graceful stop waits before Docker kills the process. */
    private static final int STOP_SECONDS = 30;

    private ImageContainers() {}

    /** A container of the image named by system property {@code imageProperty}, its output into {@code log}. */
    static GenericContainer<?> container(String imageProperty, String name, ContainerLog log) {
        String image = System.getProperty(imageProperty);
        if (image == null || image.isBlank()) {
            throw new IllegalStateException("system property " + imageProperty + " is not set: run the system tests "
                    + "with -Psystem-tests, which names the images the images profile builds");
        }
        return new GenericContainer<>(DockerImageName.parse(image))
                .withNetworkMode("host")
                .withCreateContainerCmdModifier(cmd -> cmd.withName("tempora-system-" + name))
                .withLogConsumer(log);
    }

    /** A log for the container {@code name}: {@code target/system-tests/NAME.log}, emptied. */
    static ContainerLog log(String name) {
        try {
            Files.createDirectories(LOG_DIR);
            Path file = LOG_DIR.resolve(name + ".log");
            Files.deleteIfExists(file);
            return new ContainerLog(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code containers} at the same time and returns when all are ready (their wait strategies). */
    static void startAll(List<? extends GenericContainer<?>> containers) {
        Startables.deepStart(containers).join();
    }

    /** Stops and removes {@code containers}, last first, each while what it talks to still runs. */
    static void stopAll(List<? extends GenericContainer<?>> containers) {
        for (int i = containers.size() - 1; i >= 0; i--) {
            containers.get(i).stop();
        }
    }

    /** {@code docker kill} (SIGKILL): the process gets no chance to commit, flush or leave its group. */
    static void kill(GenericContainer<?> container, ContainerLog log) {
        log.note("docker kill (SIGKILL) at " + Instant.now());
        client().killContainerCmd(container.getContainerId()).withSignal("KILL").exec();
    }

    /** {@code docker stop}: SIGTERM, then SIGKILL after {@value #STOP_SECONDS} s. */
    static void stop(GenericContainer<?> container, ContainerLog log) {
        log.note("docker stop at " + Instant.now());
        client().stopContainerCmd(container.getContainerId())
                .withTimeout(STOP_SECONDS)
                .exec();
    }

    /**
     * {@code docker start} of the stopped or killed {@code container} (same filesystem and volumes), its output
     * from now on followed into {@code log} again.
     */
    static void startAgain(GenericContainer<?> container, ContainerLog log) {
        log.note("docker start at " + Instant.now());
        DockerClient docker = client();
        // Whole seconds: a line of the previous run written in this second may show twice in the log.
        int since = (int) Instant.now().getEpochSecond();
        docker.startContainerCmd(container.getContainerId()).exec();
        FrameConsumerResultCallback follow = new FrameConsumerResultCallback();
        follow.addConsumer(OutputFrame.OutputType.STDOUT, log);
        follow.addConsumer(OutputFrame.OutputType.STDERR, log);
        docker.logContainerCmd(container.getContainerId())
                .withStdOut(true)
                .withStdErr(true)
                .withFollowStream(true)
                .withSince(since)
                .exec(follow);
    }

    private static DockerClient client() {
        return DockerClientFactory.instance().client();
    }
}
