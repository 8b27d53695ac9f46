package io.tempora.bench.faults;

import io.tempora.bench.e2e.Backlog;
import io.tempora.bench.e2e.BenchCluster;
import io.tempora.demo.Demo;
import io.tempora.demo.LoadGenerator;
import io.tempora.demo.SimulatedEntities;
import io.tempora.schemas.Prediction;
import io.tempora.schemas.PredictionTrigger;
import io.tempora.schemas.serde.PredictionDeserializer;
import io.tempora.streams.testing.ChildJvm;
import io.tempora.streams.testing.TopicContents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;

/**
 * The soak: the product as a child process ({@link ChildProduct}) fed a steady stream for a long while, watched from
 * outside: its resident memory ({@code /proc/PID/status}, sampled every second), its GC pauses (its own GC log), and
 * the latency from each event's append to its prediction's append (both topics {@code LogAppendTime}, so both the
 * broker's clock), compared between the first and the last fifth of the stream. A short warm-up goes first, so that
 * the app's start and first compilations are not in the first fifth; unless a rate is given, a backlog worked off
 * after it measures the app's maximum rate, and the soak runs at half of that (the "half load" of
 * {@code ./bench.sh e2e}'s latency, measured the same way on the same machine at the same time).
 */
final class SoakRun {

    /** Events of the warm-up, sent at once: the app starts, compiles its hot paths and works them off. */
    static final long WARM_UP_EVENTS = 2_000;
    /** Events of the backlog whose working-off measures the app's maximum rate, when no rate is given. */
    static final long MAX_RATE_EVENTS = 20_000;
    /** The share of the measured maximum rate the soak runs at. */
    static final double LOAD_SHARE = 0.5;
    /** A rate no generator reaches: events sent as fast as the producer goes. */
    private static final double AS_FAST_AS_POSSIBLE = 1e9;
    /** Longest the app may take to work off a stream after it ends. */
    static final Duration DRAIN_LIMIT = Duration.ofMinutes(10);
    /** How often the app's resident memory is read. */
    static final Duration RSS_PERIOD = Duration.ofSeconds(1);
    /** The parts of the stream compared: its first and last {@code 1/FIFTHS}. */
    static final int FIFTHS = 5;

    private static final int HISTOGRAM_DIGITS = 3;
    /** A G1 pause line of {@code -Xlog:gc}: "... GC(12) Pause Young (Normal) (G1 Evacuation Pause) 40M->8M(64M) 3.1ms". */
    private static final Pattern PAUSE = Pattern.compile("\\bPause\\b.* ([0-9.]+)ms$");

    private static final double KB_PER_MB = 1024.0;

    /**
     * What the soak found.
     *
     * @param maxRate         the app's maximum rate measured before the soak, or NaN when the rate was given
     * @param rate            the soak's rate
     * @param events          events of the measured stream the broker acknowledged
     * @param missing         of those, without an EVENT prediction
     * @param rssFirstMb      the app's mean resident memory over the first fifth
     * @param rssLastMb       over the last fifth
     * @param rssMaxMb        the largest sample
     * @param gcPauses        GC pauses over the app's whole life (its start included)
     * @param gcPauseTotalMs  their sum
     * @param gcPauseMaxMs    the longest
     * @param first           latencies of the first fifth's events
     * @param last            latencies of the last fifth's events
     */
    record Outcome(
            double maxRate,
            double rate,
            long events,
            long missing,
            double rssFirstMb,
            double rssLastMb,
            double rssMaxMb,
            long gcPauses,
            double gcPauseTotalMs,
            double gcPauseMaxMs,
            Histogram first,
            Histogram last) {

        /** Growth of the mean resident memory from the first fifth to the last, in percent. */
        double rssGrowthPct() {
            return (rssLastMb - rssFirstMb) / rssFirstMb * 100;
        }
    }

    private final BenchCluster cluster;
    private final Path dir;
    private final double unitMs;

    SoakRun(BenchCluster cluster, Path dir, double unitMs) {
        this.cluster = cluster;
        this.dir = dir;
        this.unitMs = unitMs;
    }

    /**
     * Runs app {@code appId} from {@code events} to {@code predictions} for {@code length} at {@code givenRate}, or
     * when that is 0 at {@link #LOAD_SHARE} of the maximum rate measured first on a backlog of
     * {@link #MAX_RATE_EVENTS}.
     */
    Outcome run(
            SimulatedEntities load, Duration length, double givenRate, String appId, String events, String predictions)
            throws IOException, InterruptedException, ExecutionException {
        Map<String, Object> clients = cluster.clients();
        Path gcLog = Files.createDirectories(dir).toAbsolutePath().resolve("gc.log");
        ChildProduct product =
                new ChildProduct(clients, dir, unitMs, appId, events, predictions, List.of("-Xlog:gc:file=" + gcLog));
        Map<String, Long> appendMs = new ConcurrentHashMap<>();
        List<long[]> rss = new ArrayList<>();
        long streamStartMs;
        long sent;
        double maxRate;
        double rate;
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        try (ChildJvm app = product.start();
                KafkaProducer<byte[], byte[]> producer = LoadGenerator.producer(clients, "faults-soak")) {
            send(load, producer, events, WARM_UP_EVENTS, AS_FAST_AS_POSSIBLE, (id, time) -> {});
            awaitDrained(appId, events, app);
            if (givenRate > 0) {
                maxRate = Double.NaN;
                rate = givenRate;
            } else {
                long t0 = System.nanoTime();
                send(load, producer, events, MAX_RATE_EVENTS, AS_FAST_AS_POSSIBLE, (id, time) -> {});
                awaitDrained(appId, events, app);
                maxRate = MAX_RATE_EVENTS / ((System.nanoTime() - t0) / 1e9);
                rate = maxRate * LOAD_SHARE;
            }
            long startNanos = System.nanoTime();
            sampler.scheduleAtFixedRate(
                    () -> {
                        long kb = app.residentKb();
                        synchronized (rss) {
                            rss.add(new long[] {System.nanoTime() - startNanos, kb});
                        }
                    },
                    0,
                    RSS_PERIOD.toMillis(),
                    TimeUnit.MILLISECONDS);
            streamStartMs = System.currentTimeMillis();
            sent = send(load, producer, events, Math.round(length.toMillis() / 1000.0 * rate), rate, appendMs::put);
            awaitDrained(appId, events, app);
        } finally {
            sampler.shutdownNow();
        }

        Histogram first = new Histogram(HISTOGRAM_DIGITS);
        Histogram last = new Histogram(HISTOGRAM_DIGITS);
        long fifthMs = length.toMillis() / FIFTHS;
        long[] matched = new long[1];
        try (PredictionDeserializer reader = new PredictionDeserializer()) {
            reader.configure(clients, false);
            TopicContents.forEach(cluster.bootstrapServers(), predictions, EventPredictions.READ_LIMIT, r -> {
                Prediction p = reader.deserialize(predictions, r.value());
                Long in = p.getTrigger() == PredictionTrigger.EVENT && p.getSourceEventId() != null
                        ? appendMs.get(p.getSourceEventId())
                        : null;
                if (in == null) {
                    return;
                }
                matched[0]++;
                long latency = Math.max(0, r.timestamp() - in);
                if (in < streamStartMs + fifthMs) {
                    first.recordValue(latency);
                } else if (in >= streamStartMs + length.toMillis() - fifthMs) {
                    last.recordValue(latency);
                }
            });
        }
        GcPauses gc = GcPauses.read(gcLog);
        long fifthNanos = length.toNanos() / FIFTHS;
        return new Outcome(
                maxRate,
                rate,
                sent,
                appendMs.size() - matched[0],
                meanMb(rss, 0, fifthNanos),
                meanMb(rss, length.toNanos() - fifthNanos, Long.MAX_VALUE),
                rss.stream().mapToLong(s -> s[1]).max().orElse(0) / KB_PER_MB,
                gc.count(),
                gc.totalMs(),
                gc.maxMs(),
                first,
                last);
    }

    /** Sends {@code count} of {@code load}'s events to {@code topic} at {@code rate}; returns those acknowledged. */
    private long send(
            SimulatedEntities load,
            KafkaProducer<byte[], byte[]> producer,
            String topic,
            long count,
            double rate,
            LoadGenerator.Acknowledgements listener) {
        Duration length = Duration.ofMillis(Math.round(count / rate * 1000));
        LoadGenerator.Result r = LoadGenerator.run(
                load,
                producer,
                cluster.serializer(),
                topic,
                new LoadGenerator.Limits(count, length.plus(PacedStream.SLACK), rate),
                listener);
        if (r.acknowledged() != count || r.firstFailure() != null) {
            throw new IllegalStateException("the soak's stream: " + r.acknowledged() + " of " + count
                    + " events acknowledged" + (r.firstFailure() == null ? "" : "; " + r.firstFailure()));
        }
        return r.acknowledged();
    }

    private void awaitDrained(String appId, String topic, ChildJvm app) throws InterruptedException {
        Map<TopicPartition, Long> ends = Backlog.endOffsets(cluster.admin(), topic, Demo.PARTITIONS);
        Backlog.awaitCommitted(cluster.admin(), appId, ends, app::isAlive, DRAIN_LIMIT);
    }

    private static double meanMb(List<long[]> samples, long fromNanos, long toNanos) {
        synchronized (samples) {
            return samples.stream()
                            .filter(s -> s[0] >= fromNanos && s[0] < toNanos && s[1] > 0)
                            .mapToLong(s -> s[1])
                            .average()
                            .orElse(Double.NaN)
                    / KB_PER_MB;
        }
    }

    /**
     * The pauses of a child's {@code -Xlog:gc} file.
     *
     * @param count   pauses
     * @param totalMs their sum
     * @param maxMs   the longest
     */
    record GcPauses(long count, double totalMs, double maxMs) {

        static GcPauses read(Path log) throws IOException {
            long count = 0;
            double total = 0;
            double max = 0;
            for (String line : Files.readAllLines(log)) {
                Matcher m = PAUSE.matcher(line.trim());
                if (m.find()) {
                    double ms = Double.parseDouble(m.group(1));
                    count++;
                    total += ms;
                    max = Math.max(max, ms);
                }
            }
            return new GcPauses(count, total, max);
        }
    }
}
