package io.tempora.bench;

import io.tempora.bench.e2e.CachedDemoModel;
import io.tempora.bench.e2e.E2eOptions;
import io.tempora.bench.e2e.E2eRuns;
import java.nio.file.Path;

/**
 * {@code ./bench.sh e2e [events=N] [entities=N] [latency-s=S] [seed=N] [profile=on|off] [stream-threads=N]}: the whole product against a
 * plain stateful Kafka Streams app on the same input, one in-process broker, one run (issue 18). See {@link E2eRuns}
 * for what is measured and how.
 */
public final class E2eBench implements BenchReport {

    /** Logs, the broker's log directory, state directories and the profile go here. */
    static final Path WORK_DIR = Path.of("target", "e2e-bench");

    static {
        BenchLogs.toFile(WORK_DIR, "e2e.log");
    }

    @Override
    public String run(String[] args) throws Exception {
        return new E2eRuns(E2eOptions.parse(args), WORK_DIR, CachedDemoModel.DEFAULT_DIR, System.out).run();
    }
}
