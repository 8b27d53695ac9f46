package io.tempora.bench.e2e;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.tempora.demo.Demo;
import io.tempora.demo.DemoOptions;
import io.tempora.demo.HistoryTopic;
import io.tempora.demo.LoadGenerator;
import io.tempora.demo.SimulatedEntities;
import io.tempora.model.EventModel;
import io.tempora.pp.BenchmarkProcesses;
import io.tempora.pp.PointProcess;
import io.tempora.schemas.Prediction;
import io.tempora.schemas.serde.EventSerializer;
import io.tempora.schemas.serde.PredictionDeserializer;
import io.tempora.streams.TemporaApp;
import io.tempora.streams.TemporaConfig;
import io.tempora.streams.Topics;
import io.tempora.streams.model.ModelParametersMapper;
import io.tempora.streams.processor.ProcessorMetrics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The end-to-end benchmark's runs, in one JVM with one in-process KRaft broker on 127.0.0.1 and the dev Schema
 * Registry (a child JVM):
 *
 * <ol>
 *   <li>The model: the demo's, made as the demo makes it (the demo's simulated history of 300 entities of the
 *       3-type Hawkes process, 180 process units of one second, on the events topic, and one run of the training
 *       service with the demo's settings, {@link DemoModel}) in the first run and cached, then read from the cache
 *       ({@link CachedDemoModel}) and published as version 1, so that runs score with the same parameters. Both
 *       apps start after whatever history the topic holds.</li>
 *   <li>The input: {@code events} live events of {@code entities} entities of the same process (same time unit),
 *       produced as fast as possible to {@code events} (2 partitions) before either app starts.</li>
 *   <li>The baseline ({@link BaselineTopology}) works off the input, exactly-once v2, the demo's commit interval.</li>
 *   <li>The product ({@link TemporaApp} with the demo's settings: three horizons, a prediction on every event) works
 *       off the same input, profiled with JFR, once the model's SIMD kernels are C2-compiled in this JVM
 *       ({@link KernelWarmUp}); its solver evaluations per event come from its own metrics.</li>
 *   <li>The baseline again, as a second application on the same input: the ratio is the product's rate over the mean
 *       of the two baselines, which bracket it in time, so that a change of the machine's other load during the run
 *       moves the ratio less.</li>
 *   <li>The latency run: a fresh product instance on fresh topics while the generator sends at half the product's
 *       measured rate for {@code latency-s} seconds.</li>
 * </ol>
 *
 * <p>Throughput is output records over the time between the first and the last output record's append; latency is
 * the prediction's append minus its event's append. Every topic measured has {@code message.timestamp.type=
 * LogAppendTime}, so both are the broker's clock, and the outputs are read after each run, not during it.
 */
public final class E2eRuns {

    static final String BASELINE_APP_ID = "e2e-baseline";
    static final String BASELINE_AGAIN_APP_ID = "e2e-baseline-again";
    static final String PRODUCT_APP_ID = "e2e-product";
    static final String PACED_APP_ID = "e2e-product-paced";
    static final String BASELINE_OUTPUTS = "baseline-outputs";
    static final String BASELINE_AGAIN_OUTPUTS = "baseline-outputs-again";
    static final String PACED_EVENTS = "events-paced";
    static final String PACED_PREDICTIONS = "predictions-paced";

    /** Process units simulated and dropped before the input starts: the entities' processes past their empty start. */
    static final double LOAD_WARMUP_UNITS = 20;
    /** The latency run's rate as a share of the product's maximum. */
    static final double LOAD_SHARE = 0.5;
    /** Longest a bounded step may take before the benchmark gives up. */
    static final Duration PRELOAD_LIMIT = Duration.ofMinutes(20);

    static final Duration RUN_LIMIT = Duration.ofMinutes(60);
    /** Longest the kernels' warm-up waits for their C2 compiles. */
    static final Duration KERNEL_WARM_LIMIT = Duration.ofMinutes(3);

    static final Duration MODEL_WAIT = Duration.ofSeconds(30);
    static final Duration RUNNING_WAIT = Duration.ofSeconds(60);
    /**
     * The latency run's start left out of its "after warm-up" figures, as the demo leaves out its first 10 s: a fresh
     * instance's first events wait for its one-time work (each task's scorer warm-up, the first transactions).
     */
    static final long LATENCY_WARMUP_MS = 10_000;
    /** The HdrHistogram's significant digits. */
    static final int HISTOGRAM_DIGITS = 3;

    private static final Map<String, String> LOG_APPEND_TIME =
            Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");

    private final E2eOptions options;
    private final Path workDir;
    private final Path modelDir;
    private final PrintStream out;
    private final DemoOptions demo = DemoOptions.DEFAULTS;
    private final PointProcess process = BenchmarkProcesses.hawkes3Type().process();
    private final Map<String, Object> result = new LinkedHashMap<>();
    /** The model version 1 carries, as the product decodes it. */
    private EventModel served;

    /**
     * @param workDir  logs, the broker's log directory, state directories and the profile
     * @param modelDir where the demo's model is cached between runs ({@link CachedDemoModel})
     */
    public E2eRuns(E2eOptions options, Path workDir, Path modelDir, PrintStream out) {
        this.options = options;
        this.workDir = workDir;
        this.modelDir = modelDir;
        this.out = out;
    }

    /** Runs everything and returns the JSON result. */
    public String run() throws Exception {
        long wallStart = System.nanoTime();
        try (BenchCluster cluster = BenchCluster.start(workDir, topics())) {
            Map<String, Object> clients = cluster.clients();
            Admin admin = cluster.admin();
            EventSerializer serializer = cluster.serializer();
            result.put("events", options.events());
            result.put("entities", options.entities());
            result.put("partitions", Demo.PARTITIONS);
            result.put("stream_threads", options.streamThreads());
            result.put("timestamps", "LogAppendTime on the input and output topics");

            publishModel(clients, serializer);
            HistoryTopic.placeAppAfterHistory(clients, Topics.EVENTS, BASELINE_APP_ID);
            HistoryTopic.placeAppAfterHistory(clients, Topics.EVENTS, BASELINE_AGAIN_APP_ID);
            HistoryTopic.placeAppAfterHistory(clients, Topics.EVENTS, PRODUCT_APP_ID);

            SimulatedEntities load = new SimulatedEntities(
                    process,
                    Demo.TYPES,
                    options.entities(),
                    demo.unitMs(),
                    LOAD_WARMUP_UNITS,
                    System.currentTimeMillis(),
                    options.seed());
            LoadGenerator.Result preload;
            try (KafkaProducer<byte[], byte[]> producer = LoadGenerator.producer(clients, "e2e-preload")) {
                preload = LoadGenerator.run(
                        load,
                        producer,
                        serializer,
                        Topics.EVENTS,
                        new LoadGenerator.Limits(options.events(), PRELOAD_LIMIT, LoadGenerator.MAX_RATE),
                        LoadGenerator.Acknowledgements.none());
            }
            requireAllSent(preload, options.events(), "the input");
            line(
                    "input: %d events of %d entities produced in %.1f s (%.0f events/s, the generator's own rate)",
                    preload.acknowledged(), options.entities(), preload.seconds(), preload.eventsPerSecond());
            result.put("produce_eps", round(preload.eventsPerSecond()));
            Map<TopicPartition, Long> inputEnds = Backlog.endOffsets(admin, Topics.EVENTS, Demo.PARTITIONS);

            String bootstrap = cluster.bootstrapServers();
            double baselineBefore =
                    runBaseline(clients, admin, inputEnds, bootstrap, BASELINE_APP_ID, BASELINE_OUTPUTS);
            warmKernels();
            double productEps = runProduct(clients, admin, inputEnds, bootstrap);
            double baselineAfter =
                    runBaseline(clients, admin, inputEnds, bootstrap, BASELINE_AGAIN_APP_ID, BASELINE_AGAIN_OUTPUTS);
            // The machine's other load drifts; the mean of a baseline before and after the product brackets it.
            double baselineEps = (baselineBefore + baselineAfter) / 2;
            result.put("baseline_before_eps", round(baselineBefore));
            result.put("baseline_after_eps", round(baselineAfter));
            result.put("baseline_eps", round(baselineEps));
            result.put("product_eps", round(productEps));
            result.put("ratio", Math.round(productEps / baselineEps * 1000) / 1000.0);
            line("ratio product/baseline: %.3f", productEps / baselineEps);

            runPaced(clients, admin, serializer, load, productEps * LOAD_SHARE, cluster.bootstrapServers());
        }
        result.put("wall_s", round((System.nanoTime() - wallStart) / 1e9));
        return json(result);
    }

    private List<NewTopic> topics() {
        short one = 1;
        return List.of(
                new NewTopic(Topics.EVENTS, Demo.PARTITIONS, one).configs(LOG_APPEND_TIME),
                new NewTopic(Topics.PREDICTIONS, Demo.PARTITIONS, one).configs(LOG_APPEND_TIME),
                new NewTopic(BASELINE_OUTPUTS, Demo.PARTITIONS, one).configs(LOG_APPEND_TIME),
                new NewTopic(BASELINE_AGAIN_OUTPUTS, Demo.PARTITIONS, one).configs(LOG_APPEND_TIME),
                new NewTopic(PACED_EVENTS, Demo.PARTITIONS, one).configs(LOG_APPEND_TIME),
                new NewTopic(PACED_PREDICTIONS, Demo.PARTITIONS, one).configs(LOG_APPEND_TIME),
                new NewTopic(Topics.EVENTS_DLQ, 1, one),
                Topics.modelParameters(Topics.MODEL_PARAMETERS, java.util.Optional.of(one)));
    }

    /**
     * The demo's model as version 1: the cached one ({@link CachedDemoModel}), or, on the first run, the demo's
     * history on the events topic and one run of its training service, cached for the next runs.
     */
    private void publishModel(Map<String, Object> clients, EventSerializer serializer) {
        CachedDemoModel.Served model = CachedDemoModel.publishOrTrain(
                clients,
                serializer,
                demo,
                process,
                Topics.EVENTS,
                CachedDemoModel.file(
                        modelDir, demo, BenchmarkProcesses.hawkes3Type().name()),
                out);
        line(
                "model: the demo's, version %d, %s %s (trained %s in %.0f s on %d history events of %d entities, "
                        + "validation NLL %.3f/event)",
                model.version(),
                model.cached() ? "read from the cache" : "trained in this run and cached as",
                model.file(),
                model.trainedAt(),
                model.trainSeconds(),
                model.historyEvents(),
                demo.entities(),
                model.validationNll());
        result.put("model_version", model.version());
        result.put("model_cached", model.cached() ? 1 : 0);
        result.put("model_file", model.file().toString());
        result.put("model_nll_per_event", Math.round(model.validationNll() * 1000) / 1000.0);
        served = ModelParametersMapper.fromAvro(model.record());
    }

    /** The served model's kernels C2-compiled in this JVM before the product's throughput run ({@link KernelWarmUp}). */
    private void warmKernels() {
        double[] horizonsMs = new double[Demo.HORIZON_UNITS.length];
        for (int i = 0; i < horizonsMs.length; i++) {
            horizonsMs[i] = Demo.HORIZON_UNITS[i] * demo.unitMs();
        }
        KernelWarmUp.Result warm = KernelWarmUp.run(
                served, BenchmarkProcesses.hawkes3Type(), demo.unitMs(), horizonsMs, options.seed(), KERNEL_WARM_LIMIT);
        line(
                "JIT: the model's kernels %s after %.1f s (%d events scored in the benchmark's thread)",
                warm.compiled()
                        ? "compiled by C2"
                        : "NOT compiled by C2 within the limit; the product may run them as C1 code",
                warm.seconds(),
                warm.events());
        result.put("kernel_c2_compiled", warm.compiled() ? 1 : 0);
        result.put("kernel_warmup_s", round(warm.seconds()));
    }

    /** The baseline as application {@code appId} on the input, writing to {@code outputs}: its events/s. */
    private double runBaseline(
            Map<String, Object> clients,
            Admin admin,
            Map<TopicPartition, Long> inputEnds,
            String bootstrap,
            String appId,
            String outputs)
            throws Exception {
        Properties props = new Properties();
        props.putAll(clients);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir().toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(Demo.COMMIT_INTERVAL_MS));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, options.streamThreads());
        KafkaStreams streams = new KafkaStreams(BaselineTopology.build(Topics.EVENTS, outputs, clients), props);
        try {
            streams.start();
            Backlog.awaitCommitted(
                    admin, appId, inputEnds, () -> streams.state().isRunningOrRebalancing(), RUN_LIMIT);
        } finally {
            streams.close(Duration.ofSeconds(60));
        }
        OutputTopic.Summary s = OutputTopic.read(bootstrap, outputs, r -> {});
        requireOnePerEvent(s, "baseline outputs");
        line(
                "baseline (%s): %d outputs, %.0f events/s (exactly-once v2, commit every %d ms; Avro in, RocksDB get+put, "
                        + "Avro out)",
                appId, s.records(), s.recordsPerSecond(), Demo.COMMIT_INTERVAL_MS);
        return s.recordsPerSecond();
    }

    private double runProduct(
            Map<String, Object> clients, Admin admin, Map<TopicPartition, Long> inputEnds, String bootstrap)
            throws Exception {
        Path jfr = workDir.resolve("product.jfr");
        StreamsProfile profile = options.profile() ? StreamsProfile.start(jfr) : null;
        ProcessStats before = ProcessStats.now();
        ProcessStats during;
        MeterRegistry meters;
        try (TemporaApp app = startProduct(clients, PRODUCT_APP_ID, Topics.EVENTS, Topics.PREDICTIONS)) {
            Backlog.awaitCommitted(
                    admin,
                    PRODUCT_APP_ID,
                    inputEnds,
                    () -> app.streams().state().isRunningOrRebalancing(),
                    RUN_LIMIT);
            during = ProcessStats.now().since(before);
            meters = app.meters();
            recordAppMetrics(meters);
        }
        OutputTopic.Summary s = OutputTopic.read(bootstrap, Topics.PREDICTIONS, r -> {});
        requireOnePerEvent(s, "predictions");
        result.put("rss_mb", round(during.rssMb()));
        result.put("rss_peak_mb", round(during.peakRssMb()));
        result.put("rss_scope", "the whole benchmark JVM (broker, generator, app), /proc/self/status");
        result.put("gc_count", during.gcCount());
        result.put("gc_ms", during.gcMillis());
        if (profile != null) {
            profile.stop();
            result.put("gc_longest_pause_ms", round(profile.longestGcPauseMs()));
            out.println("profile of the product's throughput run (JFR, " + StreamsProfile.SAMPLE_PERIOD.toMillis()
                    + " ms sampling, " + jfr + "):");
            out.print(profile.summary());
            profile.close();
        }
        line(
                "product: %d predictions, %.0f events/s; %s solver evaluations/event; JVM RSS %.0f MB (peak %.0f MB); "
                        + "%d GCs, %d ms",
                s.records(),
                s.recordsPerSecond(),
                result.get("nfe_per_event"),
                during.rssMb(),
                during.peakRssMb(),
                during.gcCount(),
                during.gcMillis());
        return s.recordsPerSecond();
    }

    /** Solver evaluations per scored event and dead letters, from the app's own meters. */
    private void recordAppMetrics(MeterRegistry meters) {
        DistributionSummary nfe =
                meters.find(ProcessorMetrics.SOLVER_EVALUATIONS).summary();
        if (nfe == null || nfe.count() == 0) {
            throw new IllegalStateException("the product scored no event (no " + ProcessorMetrics.SOLVER_EVALUATIONS
                    + " recorded): is the model serving?");
        }
        result.put("nfe_per_event", round(nfe.totalAmount() / nfe.count()));
        result.put("scored_events", nfe.count());
        double deadLetters = meters.find(ProcessorMetrics.DEAD_LETTERS).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
        result.put("product_dead_letters", (long) deadLetters);
        if (deadLetters > 0) {
            throw new IllegalStateException("the product dead-lettered " + (long) deadLetters
                    + " of the benchmark's valid events; see " + workDir.resolve("e2e.log"));
        }
    }

    /** The product at half its maximum rate on fresh topics: latency from each event's append to its prediction's. */
    private void runPaced(
            Map<String, Object> clients,
            Admin admin,
            EventSerializer serializer,
            SimulatedEntities load,
            double rate,
            String bootstrap)
            throws Exception {
        Map<String, Long> eventAppendMs = new ConcurrentHashMap<>();
        LoadGenerator.Result sent;
        try (TemporaApp app = startProduct(clients, PACED_APP_ID, PACED_EVENTS, PACED_PREDICTIONS);
                KafkaProducer<byte[], byte[]> producer = LoadGenerator.producer(clients, "e2e-paced")) {
            awaitRunning(app);
            long maxEvents = (long) Math.ceil(rate * options.latencySeconds());
            sent = LoadGenerator.run(
                    load,
                    producer,
                    serializer,
                    PACED_EVENTS,
                    new LoadGenerator.Limits(
                            maxEvents, Duration.ofMillis(Math.round(options.latencySeconds() * 1000)), rate),
                    eventAppendMs::put);
            // bounded by its duration: whatever was sent in it must have arrived
            requireAllSent(sent, sent.sent(), "the paced input");
            Map<TopicPartition, Long> ends = Backlog.endOffsets(admin, PACED_EVENTS, Demo.PARTITIONS);
            Backlog.awaitCommitted(
                    admin, PACED_APP_ID, ends, () -> app.streams().state().isRunningOrRebalancing(), RUN_LIMIT);
        }
        Histogram latency = new Histogram(HISTOGRAM_DIGITS);
        Histogram steady = new Histogram(HISTOGRAM_DIGITS);
        long steadyFromMs =
                eventAppendMs.values().stream().mapToLong(Long::longValue).min().orElse(0) + LATENCY_WARMUP_MS;
        AtomicLong unmatched = new AtomicLong();
        OutputTopic.Summary s;
        try (PredictionDeserializer predictions = new PredictionDeserializer()) {
            predictions.configure(clients, false);
            s = OutputTopic.read(bootstrap, PACED_PREDICTIONS, r -> {
                Prediction p = predictions.deserialize(PACED_PREDICTIONS, r.value());
                Long in = p.getSourceEventId() == null ? null : eventAppendMs.remove(p.getSourceEventId());
                if (in == null) {
                    unmatched.incrementAndGet();
                } else {
                    latency.recordValue(Math.max(0, r.timestamp() - in));
                    if (in >= steadyFromMs) {
                        steady.recordValue(Math.max(0, r.timestamp() - in));
                    }
                }
            });
        }
        if (unmatched.get() > 0 || !eventAppendMs.isEmpty()) {
            throw new IllegalStateException("the paced run's predictions do not match its events one to one: "
                    + unmatched.get() + " predictions without a sent event, " + eventAppendMs.size()
                    + " events without a prediction");
        }
        result.put("half_load_target_eps", round(rate));
        result.put("half_load_eps", round(sent.eventsPerSecond()));
        result.put("latency_events", s.records());
        result.put("p50_ms_at_half_load", latency.getValueAtPercentile(50));
        result.put("p99_ms_at_half_load", latency.getValueAtPercentile(99));
        result.put("p999_ms_at_half_load", latency.getValueAtPercentile(99.9));
        result.put("max_ms_at_half_load", latency.getMaxValue());
        result.put("p50_ms_at_half_load_after_warmup", steady.getValueAtPercentile(50));
        result.put("p99_ms_at_half_load_after_warmup", steady.getValueAtPercentile(99));
        result.put("p999_ms_at_half_load_after_warmup", steady.getValueAtPercentile(99.9));
        line(
                "latency at half load (%.0f events/s asked, %.0f sent, %d events over %.0f s), event append to "
                        + "prediction append: p50 %d ms, p99 %d ms, p99.9 %d ms, max %d ms",
                rate,
                sent.eventsPerSecond(),
                s.records(),
                sent.seconds(),
                latency.getValueAtPercentile(50),
                latency.getValueAtPercentile(99),
                latency.getValueAtPercentile(99.9),
                latency.getMaxValue());
        line(
                "  leaving out its first %d s (%d events): p50 %d ms, p99 %d ms, p99.9 %d ms, max %d ms",
                LATENCY_WARMUP_MS / 1000,
                s.records() - steady.getTotalCount(),
                steady.getValueAtPercentile(50),
                steady.getValueAtPercentile(99),
                steady.getValueAtPercentile(99.9),
                steady.getMaxValue());
    }

    /**
     * The product with the demo's settings on {@code events} and {@code predictions}, serving the model, with the
     * options' stream threads (as the baseline).
     */
    private TemporaApp startProduct(Map<String, Object> clients, String appId, String events, String predictions)
            throws IOException, InterruptedException {
        return startProduct(
                clients,
                stateDir(),
                demo.unitMs(),
                appId,
                events,
                predictions,
                Map.of(StreamsConfig.NUM_STREAM_THREADS_CONFIG, options.streamThreads()));
    }

    /**
     * The product with the demo's settings ({@link Demo#appProperties}, process unit {@code unitMs}) as application
     * {@code appId} on {@code events} and {@code predictions}, state under {@code stateDir}, with {@code extra}
     * properties over those, serving the demo's model.
     *
     * @throws IllegalStateException if it serves no model {@link Demo#MODEL_NAME} within {@link #MODEL_WAIT}
     */
    public static TemporaApp startProduct(
            Map<String, Object> clients,
            Path stateDir,
            double unitMs,
            String appId,
            String events,
            String predictions,
            Map<String, ?> extra)
            throws InterruptedException {
        Map<String, Object> props = Demo.appProperties(clients, stateDir, unitMs);
        props.putAll(extra);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        props.put(TemporaConfig.EVENTS_TOPIC_CONFIG, events);
        props.put(TemporaConfig.PREDICTIONS_TOPIC_CONFIG, predictions);
        TemporaApp app = TemporaApp.start(new TemporaConfig(props), MODEL_WAIT);
        if (app.catalog().serving(Demo.MODEL_NAME).isEmpty()) {
            app.close();
            throw new IllegalStateException(
                    "the product serves no model " + Demo.MODEL_NAME + " after " + MODEL_WAIT.toSeconds() + " s");
        }
        return app;
    }

    /** Waits until {@code app}'s streams are RUNNING, at most {@link #RUNNING_WAIT}. */
    public static void awaitRunning(TemporaApp app) throws InterruptedException {
        long deadline = System.nanoTime() + RUNNING_WAIT.toNanos();
        while (app.streams().state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || !app.streams().state().isRunningOrRebalancing()) {
                throw new IllegalStateException("the product did not reach RUNNING within " + RUNNING_WAIT.toSeconds()
                        + " s: " + app.streams().state());
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private Path stateDir() throws IOException {
        Files.createDirectories(workDir);
        return Files.createTempDirectory(workDir, "state-").toAbsolutePath();
    }

    private void requireOnePerEvent(OutputTopic.Summary s, String what) {
        if (s.records() != options.events()) {
            throw new IllegalStateException(
                    what + ": " + s.records() + " records for " + options.events() + " input events");
        }
    }

    private static void requireAllSent(LoadGenerator.Result r, long expected, String what) {
        if (r.acknowledged() != expected || r.firstFailure() != null) {
            throw new IllegalStateException(what + ": " + r.acknowledged() + " of " + expected + " events acknowledged"
                    + (r.firstFailure() == null ? " within the time limit" : "; first failure: " + r.firstFailure()));
        }
    }

    private void line(String format, Object... args) {
        out.println(String.format(Locale.ROOT, format, args));
        out.flush();
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /**
     * The result as one line of JSON: numbers and booleans as they are (a non-finite number as null), anything else
     * as a string.
     */
    public static String json(Map<String, Object> values) {
        StringBuilder sb = new StringBuilder("{");
        values.forEach((k, v) -> {
            sb.append(sb.length() == 1 ? "" : ",").append('"').append(k).append("\":");
            if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
                sb.append(n);
            } else if (v instanceof Number) {
                sb.append("null");
            } else if (v instanceof Boolean b) {
                sb.append(b);
            } else {
                sb.append('"')
                        .append(v.toString().replace("\\", "\\\\").replace("\"", "\\\""))
                        .append('"');
            }
        });
        return sb.append('}').toString();
    }
}
