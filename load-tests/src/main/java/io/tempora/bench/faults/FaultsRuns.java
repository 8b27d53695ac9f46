package io.tempora.bench.faults;

import io.tempora.bench.e2e.BenchCluster;
import io.tempora.bench.e2e.DemoModel;
import io.tempora.bench.e2e.E2eRuns;
import io.tempora.demo.Demo;
import io.tempora.demo.DemoOptions;
import io.tempora.demo.SimulatedEntities;
import io.tempora.pp.BenchmarkProcesses;
import io.tempora.pp.PointProcess;
import io.tempora.schemas.ModelParameters;
import io.tempora.schemas.serde.EventSerializer;
import io.tempora.streams.TemporaApp;
import io.tempora.streams.TemporaConfig;
import io.tempora.streams.Topics;
import io.tempora.streams.model.ModelPublisher;
import io.tempora.streams.model.ModelSigner;
import io.tempora.streams.model.ServingModel;
import io.tempora.streams.testing.ChildBroker;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The fault runs of {@code ./bench.sh faults}, in one JVM with one in-process KRaft broker on 127.0.0.1 and the dev
 * Schema Registry (a child JVM), as the end-to-end benchmark runs: the demo's model is trained and published first
 * ({@link DemoModel}), then the product app ({@link TemporaApp} with the demo's settings) runs on its own input and
 * output topics while the faults are injected. Each run is bounded in records and time.
 *
 * <ol>
 *   <li>Malformed input ({@link MalformedRun}): bad records of every kind mixed into a valid stream.</li>
 *   <li>Bad models ({@link BadModelRun}): bad versions published while a stream runs through an app that verifies
 *       signatures; the trained version, re-published signed as the next version, keeps serving.</li>
 *   <li>Broker restart ({@link BrokerRestartRun}): a broker of its own in a child process ({@link ChildBroker}),
 *       SIGKILLed during a stream and started again on the same ports and log directory.</li>
 *   <li>Crash ({@link CrashRun}): the app in a child process, SIGKILLed during a stream and started again, its final
 *       states compared with an uninterrupted run's.</li>
 *   <li>Soak ({@link SoakRun}): the app in a child process fed a steady stream for a while, its memory, GC pauses
 *       and latency watched.</li>
 * </ol>
 */
public final class FaultsRuns {

    static final String MALFORMED_APP_ID = "faults-malformed";
    static final String MALFORMED_EVENTS = "faults-events";
    static final String MALFORMED_PREDICTIONS = "faults-predictions";
    static final String MODELS_APP_ID = "faults-models";
    static final String MODELS_EVENTS = "faults-models-events";
    static final String MODELS_PREDICTIONS = "faults-models-predictions";
    static final String RESTART_APP_ID = "faults-restart";
    static final String RESTART_EVENTS = "faults-restart-events";
    static final String RESTART_PREDICTIONS = "faults-restart-predictions";
    static final String CRASH_APP_ID = "faults-crash";
    static final String CRASH_EVENTS = "faults-crash-events";
    static final String CRASH_PREDICTIONS = "faults-crash-predictions";
    static final String CRASH_REFERENCE_APP_ID = "faults-crash-reference";
    static final String CRASH_REFERENCE_PREDICTIONS = "faults-crash-reference-predictions";
    static final String SOAK_APP_ID = "faults-soak";
    static final String SOAK_EVENTS = "faults-soak-events";
    static final String SOAK_PREDICTIONS = "faults-soak-predictions";
    /** The soak's topics stamp records with the broker's clock: its latency is append to append. */
    static final Map<String, String> LOG_APPEND_TIME =
            Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
    /** The bad-models and broker-restart runs' event rate: a steady stream the faults arrive in the middle of. */
    static final double STREAM_EVENTS_PER_SECOND = 1_000;

    /** Process units simulated and dropped before the stream starts: the entities' processes past their empty start. */
    static final double LOAD_WARMUP_UNITS = 20;

    private final FaultsOptions options;
    private final Path workDir;
    private final PrintStream out;
    private final DemoOptions demo = DemoOptions.DEFAULTS;
    private final PointProcess process = BenchmarkProcesses.hawkes3Type().process();
    private final Map<String, Object> result = new LinkedHashMap<>();
    /** The trained version as the training service published it. */
    private ModelParameters trained;

    public FaultsRuns(FaultsOptions options, Path workDir, PrintStream out) {
        this.options = options;
        this.workDir = workDir;
        this.out = out;
    }

    /** Runs every part and returns the JSON result. */
    public String run() throws Exception {
        long wallStart = System.nanoTime();
        try (BenchCluster cluster = BenchCluster.start(workDir, topics())) {
            Map<String, Object> clients = cluster.clients();
            Admin admin = cluster.admin();
            EventSerializer serializer = cluster.serializer();

            DemoModel.Trained model = DemoModel.train(clients, serializer, demo, process, Topics.EVENTS);
            line(
                    "model: the demo's, version %d, trained in %.0f s",
                    model.version(), model.run().trainSeconds());
            result.put("model_version", model.version());
            // Read now: after the bad-models run the newest record on the model topic is a bad one.
            trained = DemoModel.newestPublished(clients);

            if (options.runs(FaultsOptions.Part.MALFORMED)) {
                runMalformed(clients, admin, serializer);
            }
            if (options.runs(FaultsOptions.Part.MODELS)) {
                runBadModels(clients, admin, serializer);
            }
            if (options.runs(FaultsOptions.Part.RESTART)) {
                runBrokerRestart(cluster);
            }
            if (options.runs(FaultsOptions.Part.CRASH)) {
                runCrash(cluster);
            }
            if (options.runs(FaultsOptions.Part.SOAK)) {
                runSoak(cluster);
            }
        }
        result.put("wall_s", Math.round((System.nanoTime() - wallStart) / 1e8) / 10.0);
        return E2eRuns.json(result);
    }

    private void runMalformed(Map<String, Object> clients, Admin admin, EventSerializer serializer) throws Exception {
        SimulatedEntities load = load(options.seed());
        MalformedRun.Outcome o;
        try (TemporaApp app =
                startProduct(clients, MALFORMED_APP_ID, MALFORMED_EVENTS, MALFORMED_PREDICTIONS, Map.of())) {
            E2eRuns.awaitRunning(app);
            o = new MalformedRun(options, clients, MALFORMED_EVENTS, MALFORMED_PREDICTIONS, Topics.EVENTS_DLQ)
                    .run(app, MALFORMED_APP_ID, admin, serializer, load);
        }
        result.put("malformed_sent", o.malformedSent());
        result.put("malformed_dead_lettered_pct", Math.round(o.deadLetteredPct() * 1000) / 1000.0);
        result.put("malformed_wrong_reason", o.wrongReason());
        result.put("good_events_sent", o.goodSent());
        result.put("good_events_missing", o.goodMissing());
        result.put("good_events_duplicated", o.goodDuplicated());
        result.put("good_events_dead_lettered", o.goodDeadLettered());
        result.put("stream_threads_died", o.threadsDied());
        line(
                "malformed input: %d bad records (%s) among %d good events; %.3f%% dead-lettered with their reason, %d "
                        + "with another; good events: %d missing a prediction, %d with more than one, %d "
                        + "dead-lettered; stream threads died: %d",
                o.malformedSent(),
                o.sentByKind(),
                o.goodSent(),
                o.deadLetteredPct(),
                o.wrongReason(),
                o.goodMissing(),
                o.goodDuplicated(),
                o.goodDeadLettered(),
                o.threadsDied());
        if (o.firstWrongReason() != null) {
            line("  first wrong reason: %s", o.firstWrongReason());
        }
    }

    private void runBadModels(Map<String, Object> clients, Admin admin, EventSerializer serializer) throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance(ModelSigner.ALGORITHM).generateKeyPair();
        ModelSigner signer = new ModelSigner(keys.getPrivate());
        ModelSigner otherSigner = new ModelSigner(KeyPairGenerator.getInstance(ModelSigner.ALGORITHM)
                .generateKeyPair()
                .getPrivate());
        ModelParameters good = BadModels.asVersion(trained, trained.getVersion() + 1, signer);
        try (ModelPublisher publisher = new ModelPublisher(clients, Topics.MODEL_PARAMETERS)) {
            publisher.publish(good, BadModelRun.PUBLISH_LIMIT);
        }
        SimulatedEntities load = load(options.seed() + 1);
        Map<String, Object> verifying = Map.of(
                TemporaConfig.MODEL_VERIFICATION_KEY_CONFIG,
                Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()));
        BadModelRun.Outcome o;
        try (TemporaApp app = startProduct(clients, MODELS_APP_ID, MODELS_EVENTS, MODELS_PREDICTIONS, verifying)) {
            E2eRuns.awaitRunning(app);
            long serving = app.catalog()
                    .serving(Demo.MODEL_NAME)
                    .map(ServingModel::version)
                    .orElse(-1L);
            if (serving != good.getVersion()) {
                throw new IllegalStateException(
                        "the bad-models app serves version " + serving + ", not the signed " + good.getVersion());
            }
            o = new BadModelRun(clients, Topics.MODEL_PARAMETERS, MODELS_EVENTS, MODELS_PREDICTIONS)
                    .run(
                            app,
                            MODELS_APP_ID,
                            admin,
                            serializer,
                            load,
                            options.modelEvents(),
                            STREAM_EVENTS_PER_SECOND,
                            options.modelRounds(),
                            good,
                            signer,
                            otherSigner);
        }
        result.put("bad_models_published", o.published());
        result.put("bad_models_refused", o.refused());
        result.put("bad_models_events", o.eventsSent());
        result.put("predictions_missing_during_bad_models", o.predictionsMissing());
        result.put("bad_models_serving_at_end", o.servingAtEnd());
        line(
                "bad models: %d bad versions (%s, in turn) published during %d events at %.0f/s; %d refused with "
                        + "their reason; version %d serving at the end (the good one: %d); %d events without a "
                        + "prediction from it",
                o.published(),
                Arrays.toString(BadModels.Kind.values()),
                o.eventsSent(),
                STREAM_EVENTS_PER_SECOND,
                o.refused(),
                o.servingAtEnd(),
                good.getVersion(),
                o.predictionsMissing());
        if (o.firstWrong() != null) {
            line("  first not refused as expected: %s", o.firstWrong());
        }
    }

    private void runBrokerRestart(BenchCluster cluster) throws Exception {
        Duration down = Duration.ofMillis(Math.round(options.downSeconds() * 1000));
        BrokerRestartRun.Outcome o;
        try (ChildBroker broker =
                ChildBroker.start(Files.createTempDirectory(Files.createDirectories(workDir), "child-broker-")
                        .toAbsolutePath())) {
            short one = 1;
            broker.createTopics(List.of(
                    new NewTopic(RESTART_EVENTS, Demo.PARTITIONS, one),
                    new NewTopic(RESTART_PREDICTIONS, Demo.PARTITIONS, one),
                    new NewTopic(Topics.EVENTS_DLQ, 1, one),
                    Topics.modelParameters(Topics.MODEL_PARAMETERS, Optional.of(one))));
            Map<String, Object> clients = cluster.clients();
            clients.put("bootstrap.servers", broker.bootstrapServers());
            try (ModelPublisher publisher = new ModelPublisher(clients, Topics.MODEL_PARAMETERS)) {
                publisher.publish(trained, BadModelRun.PUBLISH_LIMIT);
            }
            long[] pids = new long[2];
            Runnable restart = () -> {
                pids[0] = broker.pid();
                broker.kill();
                sleep(down);
                broker.restart();
                pids[1] = broker.pid();
            };
            try (Admin admin = broker.admin();
                    TemporaApp app =
                            startProduct(clients, RESTART_APP_ID, RESTART_EVENTS, RESTART_PREDICTIONS, Map.of())) {
                E2eRuns.awaitRunning(app);
                o = new BrokerRestartRun(clients, RESTART_EVENTS, RESTART_PREDICTIONS)
                        .run(
                                app,
                                RESTART_APP_ID,
                                admin,
                                cluster.serializer(),
                                restart,
                                load(options.seed() + 2),
                                options.restartEvents(),
                                STREAM_EVENTS_PER_SECOND);
            }
            line(
                    "  the broker: process %d SIGKILLed, process %d started on the same ports and log directory",
                    pids[0], pids[1]);
        }
        result.put("broker_restart_events", o.eventsSent());
        result.put("broker_restart_missing", o.missing());
        result.put("broker_restart_duplicated", o.duplicated());
        result.put("broker_restart_threads_died", o.threadsDied());
        line(
                "broker restart: the broker (a child process) SIGKILLed a third of the way through %d events at "
                        + "%.0f/s and started again after %.1f s; %d events without a prediction, %d with more than "
                        + "one; stream threads died: %d",
                o.eventsSent(),
                STREAM_EVENTS_PER_SECOND,
                options.downSeconds(),
                o.missing(),
                o.duplicated(),
                o.threadsDied());
    }

    private void runCrash(BenchCluster cluster) throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(workDir), "crash-")
                .toAbsolutePath();
        CrashRun.Outcome o = new CrashRun(cluster, dir, demo.unitMs(), CRASH_EVENTS)
                .run(
                        load(options.seed() + 3),
                        options.crashEvents(),
                        options.crashRate(),
                        options.crashKills(),
                        options.seed(),
                        CRASH_APP_ID,
                        CRASH_PREDICTIONS,
                        CRASH_REFERENCE_APP_ID,
                        CRASH_REFERENCE_PREDICTIONS);
        result.put("crash_kills", o.kills());
        result.put("crash_events", o.eventsSent());
        result.put("crash_events_missing", o.missing());
        result.put("crash_events_duplicated", o.duplicated());
        result.put(
                "crash_states_equal", o.states().differing() == 0 && o.states().keys() > 0);
        result.put("crash_entities_compared", o.states().keys());
        result.put("crash_entities_differing", o.states().differing());
        result.put("crash_reference_events_not_once", o.referenceMissing());
        result.put("crash_recovery_s_max", Math.round(o.recoverySecondsMax() * 10) / 10.0);
        result.put("crash_recovery_s_mean", Math.round(o.recoverySecondsMean() * 10) / 10.0);
        result.put("crash_run_s", Math.round(o.crashSeconds() * 10) / 10.0);
        line(
                "crash: the app (a child process) SIGKILLed %d times during %d events at %.0f/s and started again "
                        + "each time (kill to its first commit: mean %.1f s, max %.1f s); %d events without a "
                        + "prediction, %d with more than one; final entity states against an uninterrupted run's: %d "
                        + "entities, %d differing; the uninterrupted run alongside: %d events without exactly one "
                        + "prediction; the crashed app had committed all the input after %.0f s",
                o.kills(),
                o.eventsSent(),
                options.crashRate(),
                o.recoverySecondsMean(),
                o.recoverySecondsMax(),
                o.missing(),
                o.duplicated(),
                o.states().keys(),
                o.states().differing(),
                o.referenceMissing(),
                o.crashSeconds());
        if (o.states().firstDiffering() != null) {
            line("  first differing entity: %s", o.states().firstDiffering());
        }
        line("  the crashed app's logs: %s", o.crashLogs());
    }

    private void runSoak(BenchCluster cluster) throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(workDir), "soak-")
                .toAbsolutePath();
        Duration length = Duration.ofSeconds(options.soakSeconds());
        SoakRun.Outcome o = new SoakRun(cluster, dir, demo.unitMs())
                .run(load(options.seed() + 4), length, options.soakRate(), SOAK_APP_ID, SOAK_EVENTS, SOAK_PREDICTIONS);
        result.put("soak_s", options.soakSeconds());
        result.put("soak_max_rate", Math.round(o.maxRate()));
        result.put("soak_rate", Math.round(o.rate()));
        result.put("soak_events", o.events());
        result.put("soak_events_missing", o.missing());
        result.put("soak_rss_first_mb", round1(o.rssFirstMb()));
        result.put("soak_rss_last_mb", round1(o.rssLastMb()));
        result.put("soak_rss_max_mb", round1(o.rssMaxMb()));
        result.put("soak_rss_growth_pct", round1(o.rssGrowthPct()));
        result.put("soak_gc_pauses", o.gcPauses());
        result.put("soak_gc_pause_total_ms", round1(o.gcPauseTotalMs()));
        result.put("soak_gc_pause_max_ms", round1(o.gcPauseMaxMs()));
        result.put("soak_p50_first_ms", o.first().getValueAtPercentile(50));
        result.put("soak_p99_first_ms", o.first().getValueAtPercentile(99));
        result.put("soak_p50_last_ms", o.last().getValueAtPercentile(50));
        result.put("soak_p99_last_ms", o.last().getValueAtPercentile(99));
        line(
                "soak: the app (a child process, -Xmx%s; maximum rate %.0f events/s) fed %d events at %.0f/s for %d "
                        + "s; %d without a prediction; "
                        + "resident memory %.0f MB (mean of the first fifth) -> %.0f MB (last fifth), %+.1f%%, max "
                        + "%.0f MB; GC pauses over its life %d, %.0f ms in all, longest %.1f ms; event-to-prediction "
                        + "latency p50/p99 first fifth %d/%d ms, last fifth %d/%d ms",
                ChildProduct.HEAP,
                o.maxRate(),
                o.events(),
                o.rate(),
                options.soakSeconds(),
                o.missing(),
                o.rssFirstMb(),
                o.rssLastMb(),
                o.rssGrowthPct(),
                o.rssMaxMb(),
                o.gcPauses(),
                o.gcPauseTotalMs(),
                o.gcPauseMaxMs(),
                o.first().getValueAtPercentile(50),
                o.first().getValueAtPercentile(99),
                o.last().getValueAtPercentile(50),
                o.last().getValueAtPercentile(99));
        line("  the soaked app's log and GC log: %s", dir);
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static void sleep(Duration d) {
        try {
            TimeUnit.MILLISECONDS.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the broker was down", e);
        }
    }

    /** The options' entities of the demo's process, past their empty start, seeded by {@code seed}. */
    private SimulatedEntities load(long seed) {
        return new SimulatedEntities(
                process,
                Demo.TYPES,
                options.entities(),
                demo.unitMs(),
                LOAD_WARMUP_UNITS,
                System.currentTimeMillis(),
                seed);
    }

    private List<NewTopic> topics() {
        short one = 1;
        return List.of(
                new NewTopic(Topics.EVENTS, Demo.PARTITIONS, one),
                new NewTopic(MALFORMED_EVENTS, Demo.PARTITIONS, one),
                new NewTopic(MALFORMED_PREDICTIONS, Demo.PARTITIONS, one),
                new NewTopic(MODELS_EVENTS, Demo.PARTITIONS, one),
                new NewTopic(MODELS_PREDICTIONS, Demo.PARTITIONS, one),
                new NewTopic(CRASH_EVENTS, Demo.PARTITIONS, one),
                new NewTopic(CRASH_PREDICTIONS, Demo.PARTITIONS, one),
                new NewTopic(CRASH_REFERENCE_PREDICTIONS, Demo.PARTITIONS, one),
                new NewTopic(SOAK_EVENTS, Demo.PARTITIONS, one).configs(LOG_APPEND_TIME),
                new NewTopic(SOAK_PREDICTIONS, Demo.PARTITIONS, one).configs(LOG_APPEND_TIME),
                new NewTopic(Topics.EVENTS_DLQ, 1, one),
                Topics.modelParameters(Topics.MODEL_PARAMETERS, Optional.of(one)));
    }

    /** The product with the demo's settings on {@code events} and {@code predictions}, serving the model. */
    private TemporaApp startProduct(
            Map<String, Object> clients, String appId, String events, String predictions, Map<String, ?> extra)
            throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path stateDir = Files.createTempDirectory(workDir, "state-").toAbsolutePath();
        return E2eRuns.startProduct(clients, stateDir, demo.unitMs(), appId, events, predictions, extra);
    }

    private void line(String format, Object... args) {
        out.println(String.format(Locale.ROOT, format, args));
        out.flush();
    }
}
