package io.tempora.bench;

import io.tempora.bench.faults.FaultsOptions;
import io.tempora.bench.faults.FaultsRuns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code ./bench.sh faults [malformed=N] [good=N] [entities=N] [seed=N]}: what the product does when things break,
 * on one in-process broker, bounded and self-stopping (issue 18). See {@link FaultsRuns} for the parts.
 */
public final class FaultsBench implements BenchReport {

    /** Logs, the broker's log directory and state directories go here. */
    static final Path WORK_DIR = Path.of("target", "faults-bench");

    static {
        try {
            Files.createDirectories(WORK_DIR);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + WORK_DIR.toAbsolutePath(), e);
        }
        // Before the first logger (slf4j-simple reads its settings once): the broker's and the app's logs go to a
        // file, the console keeps the benchmark's own lines.
        System.setProperty(
                "org.slf4j.simpleLogger.logFile", WORK_DIR.resolve("faults.log").toString());
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    }

    @Override
    public String run(String[] args) throws Exception {
        return new FaultsRuns(FaultsOptions.parse(args), WORK_DIR, System.out).run();
    }
}
