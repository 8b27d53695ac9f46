package io.tempora.streams.testing;

import io.tempora.streams.TemporaConfig;
import io.tempora.streams.cli.TemporaCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A class's {@code main} in a child JVM with this JVM's class path, its output to a log file, so that a test or a
 * benchmark can kill it for real (SIGKILL: no shutdown hook, no close) or stop it (SIGTERM: its shutdown hooks run)
 * and start it again. {@link #temporaServe} runs the application as {@code tempora serve --config FILE}.
 *
 * <p>Every child still alive when this JVM exits is killed by a shutdown hook, so that an aborted run leaves no
 * process behind; callers still stop their children in {@code finally} blocks, by their own handle.
 */
public final class ChildJvm implements AutoCloseable {

    /** How long a stopped child may take to be gone (a terminated one closes what it runs first). */
    public static final Duration EXIT_WAIT = Duration.ofSeconds(90);

    /** The Vector API module the model's kernels use. */
    private static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";

    private static final String VM_RSS = "VmRSS:";

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "child-jvm-reaper"));
    }

    private final Process process;
    private final Path log;

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code mainClass} with {@code args} in a child JVM with this JVM's class path, {@code jvmOptions} before
     * the class name, standard output and error appended to {@code log}. Variables of this JVM's environment named
     * {@link TemporaConfig#ENV_PREFIX}* are not passed on, so that only the child's arguments configure it.
     */
    public static ChildJvm start(List<String> jvmOptions, String mainClass, List<String> args, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(VECTOR_MODULE);
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().keySet().removeIf(name -> name.startsWith(TemporaConfig.ENV_PREFIX));
            Process process = builder.start();
            LIVE.add(process);
            process.onExit().thenRun(() -> LIVE.remove(process));
            return new ChildJvm(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + mainClass + " in a child JVM", e);
        }
    }

    /**
     * {@code tempora serve --config FILE} in a child JVM, logging through SLF4J's simple binding (the app's logback
     * may also be on the class path), {@code jvmOptions} added.
     */
    public static ChildJvm temporaServe(Path config, Path log, List<String> jvmOptions) {
        List<String> options = new ArrayList<>();
        options.add("-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider");
        options.add("-Dorg.slf4j.simpleLogger.log.io.tempora=info");
        options.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        options.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
        options.addAll(jvmOptions);
        return start(
                options,
                TemporaCli.class.getName(),
                List.of("serve", "--config", config.toAbsolutePath().toString()),
                log);
    }

    public Process process() {
        return process;
    }

    /** The child's operating-system process id. */
    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /**
     * The child's resident memory now in kilobytes ({@code VmRSS} of {@code /proc/PID/status}), or -1 where there is
     * no such file (not Linux, or the child is gone).
     */
    public long residentKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith(VM_RSS)) {
                    return Long.parseLong(
                            line.substring(VM_RSS.length()).replace("kB", "").trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no figure rather than a wrong one
        }
        return -1;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * SIGKILL: no shutdown hook, no close, no flush. Waits until the process is gone.
     *
     * @throws IllegalStateException if it is not gone within {@link #EXIT_WAIT}
     */
    public void kill() {
        process.destroyForcibly();
        awaitExit("SIGKILL");
    }

    /**
     * SIGTERM: the child's shutdown hooks run (the app closes, committing what it processed). Waits until it is gone.
     *
     * @throws IllegalStateException if it is not gone within {@link #EXIT_WAIT}
     */
    public void terminate() {
        process.destroy();
        awaitExit("SIGTERM");
    }

    private void awaitExit(String signal) {
        try {
            if (!process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the child JVM " + process.pid() + " is still alive "
                        + EXIT_WAIT.toSeconds() + " s after " + signal + "; log " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while waiting for the child JVM " + process.pid(), e);
        }
    }

    /** Kills the child if it is still alive (SIGKILL): the path every {@code finally} block can take. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
