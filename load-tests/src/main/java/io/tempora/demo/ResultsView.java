package io.tempora.demo;

import io.tempora.schemas.DeadLetter;
import io.tempora.schemas.HorizonProbability;
import io.tempora.schemas.Prediction;
import io.tempora.schemas.serde.DeadLetterDeserializer;
import io.tempora.schemas.serde.PredictionDeserializer;
import io.tempora.streams.processor.PredictionMapper;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's view of its output: a {@code read_committed} consumer of the predictions and dead-letter topics that
 * counts what the application wrote, measures each prediction's latency (its receipt minus the event record's produce
 * time, which the application's output record keeps) in an HdrHistogram, and refreshes a console view every
 * {@value #REFRESH_MS} ms: the stream's rates and latency, the dead letters, the training service's runs (each decision
 * with the champion's and the challenger's validation NLL) and the predictions per model version, so that a new
 * version's roll shows as the predictions move to it.
 *
 * <p>One thread ({@link #run}) owns the consumer and the statistics; other threads read only the atomic counters
 * while it runs and the rest ({@link #summary}) after {@link #close} has joined it.
 */
final class ResultsView implements Runnable, AutoCloseable {

    static final long REFRESH_MS = 2_000;
    private static final Duration POLL = Duration.ofMillis(200);
    /** Latencies are recorded in microseconds up to an hour, to three significant digits. */
    private static final long MAX_LATENCY_US = TimeUnit.HOURS.toMicros(1);

    private static final int SIGNIFICANT_DIGITS = 3;
    /**
     * The start of the live stream left out of the steady-state latency: the stream thread's first transactions, the
     * first model's warm-up and the JIT compiler make the first seconds' latencies no guide to the rest.
     */
    static final long WARMUP_MS = 10_000;

    private static final String CLEAR_SCREEN = "\033[H\033[2J";

    private static final Logger LOG = LoggerFactory.getLogger(ResultsView.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final PredictionDeserializer predictionSerde = new PredictionDeserializer();
    private final DeadLetterDeserializer deadLetterSerde = new DeadLetterDeserializer();
    private final String predictionsTopic;
    private final String dlqTopic;
    private final EventGenerator generator;
    private final PrintStream out;
    private final boolean console;
    private final boolean ansi;
    private final long jvmStartMs;
    private final Thread thread;
    private volatile boolean closed;
    private volatile String modelStatus = "none yet";
    private volatile String trainingSchedule = "";
    private volatile String httpStatus = "";

    private final AtomicLong predictions = new AtomicLong();
    private final AtomicLong deadLetterCount = new AtomicLong();
    private long predictionsWithoutModel;
    private final Map<String, Long> deadLetters = new TreeMap<>();
    private final Set<Long> versions = new TreeSet<>();
    /** Predictions per model version ({@link PredictionMapper#NO_MODEL_VERSION}: made without a model). */
    private final Map<Long, Long> byVersion = new TreeMap<>();

    private volatile long latestVersion = PredictionMapper.NO_MODEL_VERSION;
    private final List<DemoTrainingRun> trainingRuns = new CopyOnWriteArrayList<>();
    private final Set<String> predictedIds = new HashSet<>();
    private final Histogram latency = new Histogram(MAX_LATENCY_US, SIGNIFICANT_DIGITS);
    private final Histogram interval = new Histogram(MAX_LATENCY_US, SIGNIFICANT_DIGITS);
    private final Histogram steady = new Histogram(MAX_LATENCY_US, SIGNIFICANT_DIGITS);
    private final Map<String, String> watched = new TreeMap<>();
    private long firstResultMs;
    private long lastResultMs;
    private long firstPredictionMs;
    private long lastRefreshMs;
    private long producedAtRefresh;
    private long resolvedAtRefresh;

    /**
     * @param clientConfig bootstrap servers and the serdes' registry keys
     * @param console      refresh the view on {@code out}; without it only the final line is printed
     */
    ResultsView(
            Map<String, Object> clientConfig,
            String predictionsTopic,
            String dlqTopic,
            EventGenerator generator,
            PrintStream out,
            boolean console,
            long jvmStartMs) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "tempora-demo-view");
        Map<String, Object> consumerConfig = new HashMap<>();
        config.forEach((k, v) -> {
            if (ConsumerConfig.configNames().contains(k)) {
                consumerConfig.put(k, v);
            }
        });
        this.consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        predictionSerde.configure(clientConfig, false);
        deadLetterSerde.configure(clientConfig, false);
        this.predictionsTopic = predictionsTopic;
        this.dlqTopic = dlqTopic;
        this.generator = generator;
        this.out = out;
        this.console = console;
        this.ansi = console && System.console() != null;
        this.jvmStartMs = jvmStartMs;
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(predictionsTopic, dlqTopic)) {
            for (PartitionInfo p : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this, "demo-view");
    }

    void start() {
        lastRefreshMs = System.currentTimeMillis();
        thread.start();
    }

    @Override
    public void run() {
        try {
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    long now = System.currentTimeMillis();
                    if (r.topic().equals(predictionsTopic)) {
                        onPrediction(predictionSerde.deserialize(r.topic(), r.value()), r.timestamp(), now);
                    } else {
                        onDeadLetter(deadLetterSerde.deserialize(r.topic(), r.value()), now);
                    }
                }
                long now = System.currentTimeMillis();
                if (now - lastRefreshMs >= REFRESH_MS) {
                    refresh(now);
                }
            }
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.error("the demo's view of the output topics failed", e);
            }
        }
    }

    private void onPrediction(Prediction p, long producedMs, long now) {
        predictions.incrementAndGet();
        if (p.getModelVersion() == PredictionMapper.NO_MODEL_VERSION) {
            predictionsWithoutModel++;
        } else {
            versions.add(p.getModelVersion());
        }
        byVersion.merge(p.getModelVersion(), 1L, Long::sum);
        latestVersion = p.getModelVersion();
        if (p.getSourceEventId() != null) {
            predictedIds.add(p.getSourceEventId());
        }
        long us = Math.max(0, now - producedMs) * 1000;
        latency.recordValue(Math.min(us, MAX_LATENCY_US));
        interval.recordValue(Math.min(us, MAX_LATENCY_US));
        if (producedMs - generator.startedMs() >= WARMUP_MS) {
            steady.recordValue(Math.min(us, MAX_LATENCY_US));
        }
        mark(now);
        if (firstPredictionMs == 0) {
            firstPredictionMs = now;
        }
        if (console && generator.isWatched(p.getEntityId())) {
            watched.put(p.getEntityId(), row(p, generator.takeTrueIntensity(String.valueOf(p.getSourceEventId()))));
        }
    }

    private void onDeadLetter(DeadLetter d, long now) {
        deadLetterCount.incrementAndGet();
        deadLetters.merge(d.getReasonCode(), 1L, Long::sum);
        mark(now);
    }

    private void mark(long now) {
        if (firstResultMs == 0) {
            firstResultMs = now;
        }
        lastResultMs = now;
    }

    private static String row(Prediction p, Double trueIntensity) {
        String model = p.getModelVersion() == PredictionMapper.NO_MODEL_VERSION ? "none" : "v" + p.getModelVersion();
        double within = Double.NaN;
        long horizon = 0;
        if (!p.getHorizons().isEmpty()) {
            HorizonProbability h = p.getHorizons().get(0);
            within = h.getProbability();
            horizon = h.getHorizonMillis();
        }
        return String.format(
                Locale.ROOT,
                "%-22s %-5s %12s %10s   P(event in %d s) %6s   log-lik %8s",
                p.getSourceEventId(),
                model,
                fmt(p.getTotalIntensity()),
                trueIntensity == null ? "-" : fmt(trueIntensity),
                horizon / 1000,
                fmt(within),
                p.getEventLogLikelihood() == null ? "-" : fmt(p.getEventLogLikelihood()));
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "-";
    }

    private void refresh(long now) {
        double seconds = (now - lastRefreshMs) / 1000.0;
        long produced = generator.produced();
        long resolved = resolved();
        double producedRate = (produced - producedAtRefresh) / seconds;
        double processedRate = (resolved - resolvedAtRefresh) / seconds;
        lastRefreshMs = now;
        producedAtRefresh = produced;
        resolvedAtRefresh = resolved;
        String p99Now = interval.getTotalCount() == 0 ? "-" : ms(interval.getValueAtPercentile(99));
        String p99All = latency.getTotalCount() == 0 ? "-" : ms(latency.getValueAtPercentile(99));
        interval.reset();
        if (!console) {
            return;
        }
        double elapsed = (now - generator.startedMs()) / 1000.0;
        if (!ansi) {
            out.printf(
                    Locale.ROOT,
                    "t=%5.0fs  events/s %6.0f produced %6.0f processed  p99 %s ms (all %s)  "
                            + "predictions %d  dead letters %d %s  model %s  latest prediction from %s%n",
                    generator.startedMs() == 0 ? 0 : elapsed,
                    producedRate,
                    processedRate,
                    p99Now,
                    p99All,
                    predictions.get(),
                    deadLetterCount.get(),
                    deadLetters,
                    modelStatus,
                    versionName(latestVersion));
            return;
        }
        StringBuilder b = new StringBuilder(CLEAR_SCREEN);
        b.append(String.format(
                Locale.ROOT,
                "Tempora demo: %d s live (Ctrl-C stops)   model: %s%n%n",
                Math.round(elapsed),
                modelStatus));
        if (!httpStatus.isEmpty()) {
            b.append(httpStatus).append("\n\n");
        }
        b.append(String.format(
                Locale.ROOT, "events/s         %8.0f produced  %8.0f processed%n", producedRate, processedRate));
        b.append(String.format(
                Locale.ROOT,
                "event -> prediction latency  p99 %s ms (last %d s), %s ms (whole run)%n",
                p99Now,
                REFRESH_MS / 1000,
                p99All));
        b.append(String.format(
                Locale.ROOT,
                "produced %d   predictions %d (%d without a model)   dead letters %d%n",
                produced,
                predictions.get(),
                predictionsWithoutModel,
                deadLetterCount.get()));
        b.append(String.format(
                Locale.ROOT, "dead letters by reason: %s%n", deadLetters.isEmpty() ? "none yet" : deadLetters));
        b.append(String.format(
                Locale.ROOT,
                "predictions by model version: %s   latest from %s%n%n",
                byVersionText(),
                versionName(latestVersion)));
        b.append(String.format(Locale.ROOT, "training service (%s):%n", trainingSchedule));
        if (trainingRuns.isEmpty()) {
            b.append("  first run in progress\n");
        }
        for (DemoTrainingRun r : trainingRuns) {
            b.append("  ").append(r.line()).append('\n');
        }
        b.append('\n');
        b.append(String.format(
                Locale.ROOT,
                "%-12s %-22s %-5s %12s %10s%n",
                "entity",
                "latest event",
                "model",
                "predicted λ/s",
                "true λ/s"));
        for (Map.Entry<String, String> w : watched.entrySet()) {
            b.append(String.format(Locale.ROOT, "%-12s %s%n", w.getKey(), w.getValue()));
        }
        b.append(String.format(
                Locale.ROOT,
                "%n(λ: total intensity just after the entity's latest event; the true one "
                        + "is the simulated process's, given the entity's whole history)%n"));
        out.print(b);
        out.flush();
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.0f", micros / 1000.0);
    }

    private static String versionName(long version) {
        return version == PredictionMapper.NO_MODEL_VERSION ? "none" : "v" + version;
    }

    /** {@code none 1200, v1 5400, v2 800}: read by the view's thread only. */
    private String byVersionText() {
        if (byVersion.isEmpty()) {
            return "none yet";
        }
        StringBuilder b = new StringBuilder();
        byVersion.forEach((v, n) -> b.append(b.length() == 0 ? "" : ", ")
                .append(versionName(v))
                .append(' ')
                .append(n));
        return b.toString();
    }

    /** Says how often the training service runs, for the console's heading of its runs. */
    void trainingSchedule(String schedule) {
        this.trainingSchedule = schedule;
    }

    /**
     * Adds a training run's decision to the view; without a full-screen console (not a terminal) it is printed at
     * once as its own line.
     */
    void trainingRun(DemoTrainingRun run) {
        trainingRuns.add(run);
        if (console && !ansi) {
            out.println("trainer: " + run.line());
        }
    }

    /** Sets the line of the full-screen view that says where the app serves HTTP. */
    void httpStatus(String line) {
        this.httpStatus = line;
    }

    /** Sets the model line of the console. */
    void modelStatus(String status) {
        this.modelStatus = status;
    }

    /** Predictions and dead letters read so far. */
    long resolved() {
        return predictions.get() + deadLetterCount.get();
    }

    long predictions() {
        return predictions.get();
    }

    /** Stops the view's thread and its consumer. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(5));
        predictionSerde.close();
        deadLetterSerde.close();
    }

    /** The run's numbers; call after {@link #close}. */
    DemoSummary summary(
            long seconds,
            int entities,
            long historyEvents,
            List<AppInstances.Instance> instances,
            boolean drained,
            String error) {
        long accepted = 0;
        for (String id : predictedIds) {
            if (generator.wasProduced(id)) {
                accepted++;
            }
        }
        double span = (lastResultMs - firstResultMs) / 1000.0;
        long total = resolved();
        double rate = span > 0 ? total / span : Double.NaN;
        boolean any = latency.getTotalCount() > 0;
        boolean anySteady = steady.getTotalCount() > 0;
        Map<String, Long> malformed = new LinkedHashMap<>();
        generator.malformedSent().forEach((k, v) -> malformed.put(k.name(), v));
        Map<String, Long> perVersion = new LinkedHashMap<>();
        byVersion.forEach((v, n) -> perVersion.put(versionName(v), n));
        return new DemoSummary(
                seconds,
                entities,
                historyEvents,
                generator.produced(),
                accepted,
                predictions.get(),
                predictionsWithoutModel,
                deadLetters,
                malformed,
                new ArrayList<>(versions),
                perVersion,
                List.copyOf(trainingRuns),
                rate,
                any ? latency.getValueAtPercentile(50) / 1000.0 : Double.NaN,
                any ? latency.getValueAtPercentile(99) / 1000.0 : Double.NaN,
                any ? latency.getMaxValue() / 1000.0 : Double.NaN,
                anySteady ? steady.getValueAtPercentile(99) / 1000.0 : Double.NaN,
                firstPredictionMs == 0 ? Double.NaN : (firstPredictionMs - jvmStartMs) / 1000.0,
                instances,
                drained,
                error);
    }
}
