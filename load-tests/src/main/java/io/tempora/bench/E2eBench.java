package io.tempora.bench;

import io.tempora.bench.e2e.E2eOptions;
import io.tempora.bench.e2e.E2eRuns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code ./bench.sh e2e [events=N] [entities=N] [latency-s=S] [seed=N] [profile=on|off]}: the whole product against a
 * plain stateful Kafka Streams app on the same input, one in-process broker, one run (issue 18). See {@link E2eRuns}
 * for what is measured and how.
 */
public final class E2eBench implements BenchReport {

    /** Logs, the broker's log directory, state directories and the profile go here. */
    static final Path WORK_DIR = Path.of("target", "e2e-bench");

    static {
        try {
            Files.createDirectories(WORK_DIR);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + WORK_DIR.toAbsolutePath(), e);
        }
        // Before the first logger (slf4j-simple reads its settings once): the broker's and the apps' logs go to a
        // file, the console keeps the benchmark's own lines.
        System.setProperty(
                "org.slf4j.simpleLogger.logFile", WORK_DIR.resolve("e2e.log").toString());
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    }

    @Override
    public String run(String[] args) throws Exception {
        return new E2eRuns(E2eOptions.parse(args), WORK_DIR, System.out).run();
    }
}
