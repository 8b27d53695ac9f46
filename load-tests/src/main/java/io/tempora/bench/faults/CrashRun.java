package io.tempora.bench.faults;

import io.tempora.bench.e2e.Backlog;
import io.tempora.bench.e2e.BenchCluster;
import io.tempora.demo.Demo;
import io.tempora.demo.SimulatedEntities;
import io.tempora.streams.Topics;
import io.tempora.streams.testing.ChildJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;

/**
 * The crash run: the product as a child process ({@link ChildProduct}) works through a paced stream of good events and
 * is SIGKILLed at seeded random points of its progress (no close, no commit, a transaction left open, RocksDB not
 * flushed), and started again on the same state directory each time. Afterwards every acknowledged event must have
 * exactly one EVENT prediction in the committed output, and the final entity store must equal, byte for byte, that of
 * an uninterrupted run of the same app over the same input (another application id, running alongside).
 *
 * <p>A kill point is a share of the stream drawn uniformly between {@link #FIRST_KILL_AT} and {@link #LAST_KILL_AT}:
 * the app is killed once its committed input offsets pass it and it has committed something since its own start (so
 * that every kill finds an app at work, never one still restoring), after a further random wait shorter than a commit
 * interval (so that the kill lands anywhere in a transaction).
 */
final class CrashRun {

    /** Longest any wait of the run (the app's progress, a restart's first commit, the reference run) may take. */
    static final Duration WAIT_LIMIT = Duration.ofMinutes(30);
    /** The earliest kill point, as a share of the stream. */
    static final double FIRST_KILL_AT = 0.05;
    /** The latest kill point: far enough from the end that the app has work left when it dies. */
    static final double LAST_KILL_AT = 0.9;

    private static final Duration PROGRESS_POLL = Duration.ofMillis(100);

    /**
     * What the run found.
     *
     * @param kills              SIGKILLs of a working app
     * @param eventsSent         events the broker acknowledged
     * @param missing            acknowledged events without an EVENT prediction in the crashed app's output
     * @param duplicated         acknowledged events with more than one
     * @param referenceMissing   acknowledged events without exactly one prediction in the uninterrupted run's output
     * @param states             the crashed app's final entity store against the uninterrupted run's
     * @param recoverySecondsMax longest time from a kill to the restarted app's first commit
     * @param recoverySecondsMean the mean of those
     * @param crashSeconds       from the start of the run until the crashed app had committed all the input
     * @param crashLogs          the directory of the crashed app's logs, one per start
     */
    record Outcome(
            int kills,
            long eventsSent,
            long missing,
            long duplicated,
            long referenceMissing,
            StoreChangelog.Comparison states,
            double recoverySecondsMax,
            double recoverySecondsMean,
            double crashSeconds,
            Path crashLogs) {}

    private final BenchCluster cluster;
    private final Path dir;
    private final double unitMs;
    private final String eventsTopic;

    /** A run on {@code cluster} reading {@code eventsTopic}, its apps' files under {@code dir}. */
    CrashRun(BenchCluster cluster, Path dir, double unitMs, String eventsTopic) {
        this.cluster = cluster;
        this.dir = dir;
        this.unitMs = unitMs;
        this.eventsTopic = eventsTopic;
    }

    /**
     * Sends {@code events} of {@code load} at {@code rate} per second to the crashed app {@code crashAppId} (output
     * {@code crashPredictions}), killing it {@code kills} times at points drawn from {@code seed}; then runs
     * {@code referenceAppId} (output {@code referencePredictions}) over the same input without a fault and compares.
     */
    Outcome run(
            SimulatedEntities load,
            long events,
            double rate,
            int kills,
            long seed,
            String crashAppId,
            String crashPredictions,
            String referenceAppId,
            String referencePredictions)
            throws IOException, InterruptedException, ExecutionException {
        Map<String, Object> clients = cluster.clients();
        ChildProduct crashed = new ChildProduct(
                clients, dir.resolve("crashed"), unitMs, crashAppId, eventsTopic, crashPredictions, List.of());
        ChildProduct reference = new ChildProduct(
                clients,
                dir.resolve("reference"),
                unitMs,
                referenceAppId,
                eventsTopic,
                referencePredictions,
                List.of());
        Random random = new Random(seed);
        double[] killAt = new double[kills];
        for (int k = 0; k < kills; k++) {
            killAt[k] = FIRST_KILL_AT + (LAST_KILL_AT - FIRST_KILL_AT) * random.nextDouble();
        }
        Arrays.sort(killAt);

        List<ChildJvm> started = new ArrayList<>();
        List<Double> recoveries = new ArrayList<>();
        int killed = 0;
        Set<String> acknowledged;
        long startNanos = System.nanoTime();
        double crashSeconds;
        try {
            // The reference runs alongside: the same input, its own group, state and output, never stopped.
            ChildJvm ref = reference.start();
            started.add(ref);
            ChildJvm app = crashed.start();
            started.add(app);
            PacedStream stream = new PacedStream(
                    clients, "faults-crash-events", cluster.serializer(), load, eventsTopic, events, rate);
            long startedAtCommitted = 0;
            long killedAtNanos = -1;
            for (double share : killAt) {
                long first = awaitCommitted(crashAppId, startedAtCommitted + 1, app);
                if (killedAtNanos >= 0) {
                    recoveries.add((System.nanoTime() - killedAtNanos) / 1e9);
                }
                long now = Math.max(first, awaitCommitted(crashAppId, Math.round(share * events), app));
                if (now >= events) {
                    break; // the app finished before this point: no more kills during the stream
                }
                TimeUnit.MILLISECONDS.sleep(random.nextInt((int) Demo.COMMIT_INTERVAL_MS));
                app.kill();
                killedAtNanos = System.nanoTime();
                killed++;
                startedAtCommitted = GroupProgress.committed(cluster.admin(), crashAppId, eventsTopic);
                app = crashed.start();
                started.add(app);
            }
            acknowledged = stream.await();
            Map<TopicPartition, Long> ends = Backlog.endOffsets(cluster.admin(), eventsTopic, Demo.PARTITIONS);
            if (killedAtNanos >= 0) {
                awaitCommitted(crashAppId, startedAtCommitted + 1, app);
                recoveries.add((System.nanoTime() - killedAtNanos) / 1e9);
            }
            ChildJvm last = app;
            Backlog.awaitCommitted(cluster.admin(), crashAppId, ends, last::isAlive, WAIT_LIMIT);
            crashSeconds = (System.nanoTime() - startNanos) / 1e9;
            Backlog.awaitCommitted(cluster.admin(), referenceAppId, ends, ref::isAlive, WAIT_LIMIT);
            // Everything is committed: the apps are stopped as they were run, by SIGKILL (in the finally block).
        } finally {
            started.forEach(ChildJvm::close);
        }

        Map<String, Integer> crashedPredictions = EventPredictions.count(clients, crashPredictions, p -> true);
        Map<String, Integer> referenceCounts = EventPredictions.count(clients, referencePredictions, p -> true);
        long missing = acknowledged.stream()
                .filter(id -> !crashedPredictions.containsKey(id))
                .count();
        long duplicated = acknowledged.stream()
                .filter(id -> crashedPredictions.getOrDefault(id, 0) > 1)
                .count();
        long referenceMissing = acknowledged.stream()
                .filter(id -> referenceCounts.getOrDefault(id, 0) != 1)
                .count();
        String bootstrap = cluster.bootstrapServers();
        StoreChangelog.Comparison states = StoreChangelog.compare(
                StoreChangelog.finalValues(bootstrap, crashAppId, Topics.ENTITY_STATE_STORE),
                StoreChangelog.finalValues(bootstrap, referenceAppId, Topics.ENTITY_STATE_STORE));
        return new Outcome(
                killed,
                acknowledged.size(),
                missing,
                duplicated,
                referenceMissing,
                states,
                recoveries.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                recoveries.stream().mapToDouble(Double::doubleValue).average().orElse(0),
                crashSeconds,
                crashed.dir());
    }

    /**
     * Waits until application {@code appId} has committed at least {@code records} of the input and returns what it
     * has committed.
     *
     * @throws IllegalStateException if {@code app} exits or {@link #WAIT_LIMIT} passes first
     */
    private long awaitCommitted(String appId, long records, ChildJvm app) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
        while (true) {
            long committed = GroupProgress.committed(cluster.admin(), appId, eventsTopic);
            if (committed >= records) {
                return committed;
            }
            if (!app.isAlive()) {
                throw new IllegalStateException(
                        "the app exited with " + app.process().exitValue() + " having committed " + committed
                                + " of the " + records + " records waited for; log " + app.log());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the app committed " + committed + " of " + records + " records within "
                        + WAIT_LIMIT.toMinutes() + " min; log " + app.log());
            }
            TimeUnit.MILLISECONDS.sleep(PROGRESS_POLL.toMillis());
        }
    }
}
