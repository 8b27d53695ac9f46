package io.tempora.demo;

import io.tempora.data.Dataset;
import io.tempora.data.TypeVocabulary;
import io.tempora.pp.BenchmarkProcess;
import io.tempora.pp.BenchmarkProcesses;
import io.tempora.pp.ExponentialHawkes;
import io.tempora.schemas.serde.EventSerializer;
import io.tempora.schemas.testing.RegistryDevServer;
import io.tempora.streams.TemporaApp;
import io.tempora.streams.TemporaConfig;
import io.tempora.streams.Topics;
import io.tempora.streams.testing.EmbeddedKafka;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./demo.sh}: the whole system on one machine with nothing installed.
 *
 * <ol>
 *   <li>Simulates a marked (3-type) Hawkes process for each of a few hundred entities: the first
 *       {@code history-units} of every entity are the history.</li>
 *   <li>Starts a real single-node KRaft broker in this JVM ({@link EmbeddedKafka}) and the dev Schema Registry of
 *       {@code deploy/registry-dev} in a child JVM, creates the topics, and produces the history to {@code events}
 *       with its event times ({@link HistoryTopic}).</li>
 *   <li>Starts the streams application ({@link TemporaApp}) with exactly-once processing, after the history (its
 *       consumer group committed at the history's end: the app predicts the live stream only); with
 *       {@code instances=N}, N instances of it ({@link AppInstances}) that share the events topic's
 *       {@value #PARTITIONS} partitions per instance. It prints each instance's HTTP address and how to
 *       query it with {@code curl} while the demo runs.</li>
 *   <li>Runs the training service ({@link DemoTrainer}: {@code TrainService}, as {@code ./tempora train --every}
 *       runs it) while the live stream already flows. Its first run finds no model, trains one from scratch on the
 *       events topic (the history) and publishes it as version 1; until then every event gets a prediction that says
 *       no model serves. Every {@code retrain-every} seconds it runs again on the topic's newest events, live ones
 *       included, warm-starts from the serving version and publishes the new one only if it beats the serving one on
 *       held-out entities by the margin; the application rolls a new version in without a restart.</li>
 *   <li>Produces each entity's continuation in real time (one process unit = {@code unit-ms} ms), as Avro keyed by
 *       entity with event ids, and one bad record every two seconds (corrupt bytes, wrong key, unknown type, late,
 *       duplicate).</li>
 *   <li>Reads {@code predictions} and {@code events-dlq} (read_committed) and shows events/s, the p99 latency from
 *       an event's produce time to its prediction, dead letters by reason, the model version serving, and a few
 *       entities' predicted total intensity beside the simulated process's true one, each training run's decision
 *       with both validation NLLs, and the predictions per model version (the roll).</li>
 * </ol>
 *
 * <p>With {@code seconds=N} it stops generating after N seconds, waits until every produced record has its
 * prediction or dead letter (at most {@value #DRAIN_TIMEOUT_S} s), stops everything and prints as its last line
 * {@code DEMO} and a JSON object ({@link DemoSummary}), with each instance's partitions and predictions; with
 * {@code hold=S} the apps keep serving HTTP for S more seconds before they stop. Ctrl-C does the same at any time (a
 * shorter drain). Logs go
 * to {@code target/demo/demo.log}; the exit status is 1 when the accounting does not balance.
 *
 * <p>Arguments: see {@link DemoOptions}.
 */
public final class Demo {

    /** The streams app's application id, its consumer group: committed at the end of the history. */
    public static final String APPLICATION_ID = "tempora-demo";
    /** The name the demo's model is published under. */
    public static final String MODEL_NAME = "hawkes-demo";
    /** Event types of the simulated process, in the process's type order. */
    public static final TypeVocabulary TYPES = TypeVocabulary.of("view", "cart", "purchase");
    /** Partitions of the events and predictions topics per app instance (all of them with one instance). */
    public static final int PARTITIONS = 2;
    /** The latent state's size of the first model. */
    public static final int LATENT_DIM = 16;
    /** The dynamics' hidden size of the first model. */
    public static final int HIDDEN_DIM = 32;
    /** The app's commit interval: exactly-once output becomes visible at each commit. */
    public static final long COMMIT_INTERVAL_MS = 100;
    /** How long a stream thread waits out a registry outage: short, so that stopping after Ctrl-C is quick. */
    static final long REGISTRY_RETRY_MS = 5_000;
    /** Prediction horizons in process units (1, 5 and 20 mean gaps of the process). */
    public static final double[] HORIZON_UNITS = {1, 5, 20};

    static final double MILLIS_PER_SECOND = 1000.0;

    static final long DRAIN_TIMEOUT_S = 60;
    static final long INTERRUPTED_DRAIN_TIMEOUT_S = 15;
    /** How long the shutdown hook waits for the demo to stop after Ctrl-C. */
    static final long SHUTDOWN_WAIT_S = 150;

    public static final Duration REGISTRY_START_TIMEOUT = Duration.ofSeconds(120);
    /** System property naming the dev registry's runner jar (set by demo.sh through target/jvm.args). */
    public static final String REGISTRY_JAR_PROPERTY = "tempora.registry.dev.jar";

    static final Path WORK_DIR = Path.of("target", "demo");
    /** How long the demo waits for the streams app to reach RUNNING before it starts producing. */
    static final long APP_RUNNING_TIMEOUT_S = 60;
    /** How often a {@code hold} looks for Ctrl-C. */
    static final long HOLD_POLL_MS = 100;

    static {
        // Before the first logger: slf4j-simple reads its settings once.
        configureLogging();
    }

    private static final Logger LOG = LoggerFactory.getLogger(Demo.class);

    private final DemoOptions options;
    private final PrintStream out;
    private final long jvmStartMs = ManagementFactory.getRuntimeMXBean().getStartTime();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean interrupted;
    private volatile EventGenerator generator;

    private Demo(DemoOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println("./demo.sh [seconds=N] [entities=N] [unit-ms=N] [history-units=N] [train-s=N]"
                    + " [retrain-every=N] [margin=NATS] [seed=N] [console=on|off] [instances=N] [hold=S]"
                    + "    or    ./demo.sh offline [events=N] [epochs=N] [threads=N] [seed=N]");
            return;
        }
        DemoOptions options = DemoOptions.parse(args);
        Demo demo = new Demo(options, System.out);
        Thread hook = new Thread(demo::interrupt, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        DemoSummary summary = demo.run();
        boolean balanced = summary.balanced() && summary.error() == null;
        if (!demo.interrupted) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                return; // Ctrl-C came after the last line: the JVM is already exiting
            }
            System.exit(balanced ? 0 : 1);
        }
    }

    /** Sends the logs of every component (broker, registry client, streams) to a file, away from the view. */
    private static void configureLogging() {
        try {
            Files.createDirectories(WORK_DIR);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + WORK_DIR.toAbsolutePath(), e);
        }
        setIfAbsent(
                "org.slf4j.simpleLogger.logFile", WORK_DIR.resolve("demo.log").toString());
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.io.tempora", "info");
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** The shutdown hook: stops the run and waits for its last line. */
    private void interrupt() {
        interrupted = true;
        EventGenerator g = generator;
        if (g != null) {
            g.stop();
        }
        try {
            if (!finished.await(SHUTDOWN_WAIT_S, TimeUnit.SECONDS)) {
                System.err.println("the demo did not stop within " + SHUTDOWN_WAIT_S + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs a demo of {@code options}, printing on {@code out}, and returns its summary (the last line printed). */
    static DemoSummary run(DemoOptions options, PrintStream out) {
        return new Demo(options, out).run();
    }

    /** Runs the demo and prints its last line. */
    private DemoSummary run() {
        EmbeddedKafka kafka = null;
        RegistryDevServer registry = null;
        AppInstances apps = null;
        List<AppInstances.Instance> instances = List.of();
        ResultsView view = null;
        DemoTrainer trainer = null;
        long historyEvents = 0;
        Thread generatorThread = null;
        String error = null;
        boolean drained = false;
        long liveSeconds = 0;
        DemoSummary summary = null;
        Path stateDir = null;
        try {
            BenchmarkProcess process = BenchmarkProcesses.hawkes3Type();
            double ratePerEntity = stationaryRate(process);
            info(
                    "Tempora demo: %d entities, each a %s, one process unit = %.0f ms: about %.0f events/s",
                    options.entities(),
                    process.description(),
                    options.unitMs(),
                    ratePerEntity * MILLIS_PER_SECOND / options.unitMs() * options.entities());
            info("logs: %s", WORK_DIR.resolve("demo.log").toAbsolutePath());

            Path jar = Path.of(System.getProperty(
                    REGISTRY_JAR_PROPERTY, "deploy/registry-dev/target/registry-dev-0.1.0-SNAPSHOT-runner.jar"));
            CompletableFuture<RegistryDevServer> registryStart = CompletableFuture.supplyAsync(
                    () -> RegistryDevServer.start(jar, WORK_DIR.resolve("registry"), REGISTRY_START_TIMEOUT));
            info("starting the Kafka broker (KRaft, in this JVM) and the dev Schema Registry ...");
            kafka = EmbeddedKafka.start(WORK_DIR.resolve("kafka"), Map.of());
            registry = registryStart.join();
            info("broker at %s, Schema Registry at %s", kafka.bootstrapServers(), registry.confluentApiUrl());
            int partitions = PARTITIONS * options.instances();
            kafka.createTopics(Topics.definitions(partitions, (short) 1));
            checkNotInterrupted();

            Map<String, Object> clients = new HashMap<>();
            clients.put("bootstrap.servers", kafka.bootstrapServers());
            clients.put("schema.registry.url", registry.confluentApiUrl());
            EventSerializer serializer = new EventSerializer();
            serializer.configure(clients, false);
            Schemas.register(clients, serializer, TYPES.name(0));
            // Simulated now, once the broker is up, so that the history ends just before the live stream begins: the
            // wait for the app to start (a few seconds) is the only quiet stretch between them on the topic.
            SimulatedEntities sim = new SimulatedEntities(
                    process.process(),
                    TYPES,
                    options.entities(),
                    options.unitMs(),
                    options.historyUnits(),
                    System.currentTimeMillis(),
                    options.seed());
            Dataset history = sim.history();
            historyEvents = HistoryTopic.produce(clients, serializer, Topics.EVENTS, history);
            HistoryTopic.placeAppAfterHistory(clients, Topics.EVENTS, APPLICATION_ID);
            info(
                    "the history (%d events, %.0f process units of %d entities) is on topic %s; the app starts after it",
                    historyEvents, options.historyUnits(), options.entities(), Topics.EVENTS);
            checkNotInterrupted();

            Files.createDirectories(WORK_DIR);
            stateDir = Files.createTempDirectory(WORK_DIR, "state-");
            apps = AppInstances.start(
                    appProperties(clients, stateDir, options.unitMs()),
                    AppInstances.stateDirs(stateDir, options.instances()),
                    Duration.ofSeconds(10));
            apps.awaitRunning(partitions, Duration.ofSeconds(APP_RUNNING_TIMEOUT_S), this::checkNotInterrupted);
            info(
                    "the streams app is running (%s); no model yet: the training service's first run trains it",
                    options.instances() == 1
                            ? "one instance"
                            : options.instances() + " instances sharing " + partitions + " partitions");
            List<String> http = apps.report(Topics.EVENTS).stream()
                    .map(AppInstances.Instance::http)
                    .toList();
            for (String line : DemoHttp.howToQuery(http, sim.id(0))) {
                info("%s", line);
            }
            checkNotInterrupted();

            long duration = options.seconds() == 0 ? Long.MAX_VALUE : TimeUnit.SECONDS.toMillis(options.seconds());
            generator = new EventGenerator(
                    sim,
                    LoadGenerator.producer(clients, "tempora-demo-generator"),
                    serializer,
                    Topics.EVENTS,
                    duration);
            view = new ResultsView(
                    clients, Topics.PREDICTIONS, Topics.EVENTS_DLQ, generator, out, options.console(), jvmStartMs);
            view.modelStatus("none yet (the training service's first run, " + Math.round(options.trainSeconds())
                    + " s training budget)");
            view.trainingSchedule(
                    options.retrainEvery() == 0
                            ? "one run: the first model"
                            : "a run every " + options.retrainEvery() + " s, margin " + options.margin()
                                    + " nats/event");
            view.httpStatus(DemoHttp.headline(http, sim.id(0)));
            view.start();
            generatorThread = new Thread(generator, "demo-generator");
            generatorThread.start();
            if (interrupted) {
                generator.stop();
            }
            EventGenerator live = generator;
            ResultsView shown = view;
            trainer = new DemoTrainer(clients, options, () -> liveStart(live), run -> onTrainingRun(run, shown));
            trainer.start();

            while (generatorThread.isAlive()) {
                generatorThread.join(200);
            }
            liveSeconds = generator.startedMs() == 0
                    ? 0
                    : Math.round((System.currentTimeMillis() - generator.startedMs()) / 1000.0);
            // The run in progress ends (its decision goes into the summary) while the app works off the backlog.
            trainer.close();
            if (generator.failure() != null) {
                error = "the generator failed: " + generator.failure();
            }
            drained = drain(generator, view, interrupted ? INTERRUPTED_DRAIN_TIMEOUT_S : DRAIN_TIMEOUT_S);
            instances = apps.report(Topics.EVENTS);
            if (options.hold() > 0 && !interrupted) {
                info(
                        "the stream has ended; the app keeps serving HTTP for %d s (hold=%d; Ctrl-C stops): %s",
                        options.hold(), options.hold(), String.join(", ", http));
                hold(options.hold());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } catch (StopRequested e) {
            error = null;
        } catch (RuntimeException | IOException e) {
            error = interrupted ? "stopped by Ctrl-C during start-up: " + e : e.toString();
            LOG.error("the demo failed", e);
            System.err.println("the demo failed: " + e);
        } finally {
            if (trainer != null) {
                trainer.close();
            }
            if (view != null) {
                view.close();
            }
            if (apps != null) {
                apps.close();
            }
            if (kafka != null) {
                kafka.close();
            }
            if (registry != null) {
                registry.close();
            }
            deleteQuietly(stateDir);
            if (view != null) {
                summary = view.summary(liveSeconds, options.entities(), historyEvents, instances, drained, error);
            } else {
                summary = new DemoSummary(
                        liveSeconds,
                        options.entities(),
                        historyEvents,
                        0,
                        0,
                        0,
                        0,
                        Map.of(),
                        Map.of(),
                        List.of(),
                        Map.of(),
                        List.of(),
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        instances,
                        false,
                        error);
            }
            out.println(summary.line());
            out.flush();
            finished.countDown();
        }
        return summary;
    }

    /** When the live stream began (epoch ms): the generator's start, or now while it has not started. */
    private static long liveStart(EventGenerator generator) {
        long started = generator.startedMs();
        return started == 0 ? System.currentTimeMillis() : started;
    }

    /** Shows a training run's decision; a published version becomes the console's model line. */
    private void onTrainingRun(DemoTrainingRun run, ResultsView view) {
        view.trainingRun(run);
        if (run.published()) {
            view.modelStatus(String.format(
                    Locale.ROOT,
                    "%s v%d (published at %.0f s by training run %d, %s start)",
                    MODEL_NAME,
                    run.record().publishedVersion().getAsLong(),
                    run.endedS(),
                    run.number(),
                    run.record().start()));
        } else if (run.record().championVersion().isEmpty()) {
            view.modelStatus("none: the training service's run " + run.number() + " did not publish ("
                    + run.record().decision().name().toLowerCase(Locale.ROOT) + ")");
        }
    }

    /** Keeps the apps serving for {@code seconds}, or until Ctrl-C. */
    private void hold(long seconds) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!interrupted && System.nanoTime() < until) {
            Thread.sleep(HOLD_POLL_MS);
        }
    }

    /** Waits until every produced record has its prediction or dead letter, at most {@code timeoutSeconds}. */
    private static boolean drain(EventGenerator generator, ResultsView view, long timeoutSeconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            boolean allAcknowledged = generator.produced() + generator.failed() == generator.sent();
            if (allAcknowledged && view.resolved() >= generator.produced()) {
                return true;
            }
            Thread.sleep(100);
        }
        LOG.warn(
                "drain: {} records produced, {} predictions and dead letters read after {} s",
                generator.produced(),
                view.resolved(),
                timeoutSeconds);
        return false;
    }

    /**
     * The streams app's configuration in the demo: {@code clients}' broker and registry, its state directory
     * {@code stateDir} (several instances each take their own below it, {@link AppInstances}), the demo's commit interval, model name and registry patience, and the three horizons (1, 5 and 20 process units of
     * {@code unitMs}); {@link #APPLICATION_ID} as the application id.
     */
    public static Map<String, Object> appProperties(Map<String, Object> clients, Path stateDir, double unitMs) {
        Map<String, Object> props = new HashMap<>(clients);
        props.put("application.id", APPLICATION_ID);
        props.put("state.dir", stateDir.toAbsolutePath().toString());
        props.put("commit.interval.ms", Long.toString(COMMIT_INTERVAL_MS));
        props.put(TemporaConfig.MODEL_NAME_CONFIG, MODEL_NAME);
        props.put(TemporaConfig.REGISTRY_RETRY_MS_CONFIG, Long.toString(REGISTRY_RETRY_MS));
        StringBuilder horizons = new StringBuilder();
        for (double h : HORIZON_UNITS) {
            horizons.append(horizons.length() == 0 ? "" : ",").append(Math.round(h * unitMs));
        }
        props.put(TemporaConfig.HORIZONS_MS_CONFIG, horizons.toString());
        return props;
    }

    /** Events per process unit of one entity in the stationary regime: the sum of the Hawkes stationary rates. */
    private static double stationaryRate(BenchmarkProcess process) {
        if (process.process() instanceof ExponentialHawkes hawkes) {
            double sum = 0;
            for (double r : hawkes.stationaryRates()) {
                sum += r;
            }
            return sum;
        }
        return Double.NaN;
    }

    private void checkNotInterrupted() {
        if (interrupted) {
            throw new StopRequested();
        }
    }

    private void info(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        LOG.info(text);
        out.println(text);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.toString());
        }
    }

    /** Ctrl-C during start-up: stop without an error. */
    private static final class StopRequested extends RuntimeException {
        StopRequested() {
            super("stopped by Ctrl-C", null, false, false);
        }
    }
}
