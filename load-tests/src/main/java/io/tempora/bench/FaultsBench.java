package io.tempora.bench;

import io.tempora.bench.faults.FaultsOptions;
import io.tempora.bench.faults.FaultsRuns;
import java.nio.file.Path;

/**
 * {@code ./bench.sh faults [parts=...] [NAME=VALUE ...]}: what the product does when things break, bounded and
 * self-stopping (issue 18). See {@link FaultsRuns} for the parts and {@link FaultsOptions} for the arguments.
 */
public final class FaultsBench implements BenchReport {

    /** Logs, the broker's log directory and state directories go here. */
    static final Path WORK_DIR = Path.of("target", "faults-bench");

    static {
        BenchLogs.toFile(WORK_DIR, "faults.log");
    }

    @Override
    public String run(String[] args) throws Exception {
        return new FaultsRuns(FaultsOptions.parse(args), WORK_DIR, System.out).run();
    }
}
