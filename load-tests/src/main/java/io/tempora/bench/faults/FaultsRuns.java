package io.tempora.bench.faults;

import io.tempora.bench.e2e.DemoModel;
import io.tempora.bench.e2e.E2eRuns;
import io.tempora.demo.Demo;
import io.tempora.demo.DemoOptions;
import io.tempora.demo.Schemas;
import io.tempora.demo.SimulatedEntities;
import io.tempora.pp.BenchmarkProcesses;
import io.tempora.pp.PointProcess;
import io.tempora.schemas.serde.EventSerializer;
import io.tempora.schemas.testing.RegistryDevServer;
import io.tempora.streams.TemporaApp;
import io.tempora.streams.Topics;
import io.tempora.streams.testing.EmbeddedKafka;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The fault runs of {@code ./bench.sh faults}, in one JVM with one in-process KRaft broker on 127.0.0.1 and the dev
 * Schema Registry (a child JVM), as the end-to-end benchmark runs: the demo's model is trained and published first
 * ({@link DemoModel}), then the product app ({@link TemporaApp} with the demo's settings) runs on its own input and
 * output topics while the faults are injected. Each run is bounded in records and time.
 *
 * <ol>
 *   <li>Malformed input ({@link MalformedRun}): bad records of every kind mixed into a valid stream.</li>
 * </ol>
 */
public final class FaultsRuns {

    static final String MALFORMED_APP_ID = "faults-malformed";
    static final String MALFORMED_EVENTS = "faults-events";
    static final String MALFORMED_PREDICTIONS = "faults-predictions";

    /** Process units simulated and dropped before the stream starts: the entities' processes past their empty start. */
    static final double LOAD_WARMUP_UNITS = 20;

    private final FaultsOptions options;
    private final Path workDir;
    private final PrintStream out;
    private final DemoOptions demo = DemoOptions.DEFAULTS;
    private final PointProcess process = BenchmarkProcesses.hawkes3Type().process();
    private final Map<String, Object> result = new LinkedHashMap<>();

    public FaultsRuns(FaultsOptions options, Path workDir, PrintStream out) {
        this.options = options;
        this.workDir = workDir;
        this.out = out;
    }

    /** Runs every part and returns the JSON result. */
    public String run() throws Exception {
        long wallStart = System.nanoTime();
        Path jar = Path.of(System.getProperty(Demo.REGISTRY_JAR_PROPERTY, E2eRuns.DEFAULT_REGISTRY_JAR));
        CompletableFuture<RegistryDevServer> registryStart = CompletableFuture.supplyAsync(
                () -> RegistryDevServer.start(jar, workDir.resolve("registry"), Demo.REGISTRY_START_TIMEOUT));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(workDir.resolve("kafka"), Map.of());
                RegistryDevServer registry = registryStart.join();
                Admin admin = kafka.admin();
                EventSerializer serializer = new EventSerializer()) {
            kafka.createTopics(topics());
            Map<String, Object> clients = new HashMap<>();
            clients.put("bootstrap.servers", kafka.bootstrapServers());
            clients.put("schema.registry.url", registry.confluentApiUrl());
            serializer.configure(clients, false);
            Schemas.register(clients, serializer, Demo.TYPES.name(0));

            DemoModel.Trained model = DemoModel.train(clients, serializer, demo, process, Topics.EVENTS);
            line(
                    "model: the demo's, version %d, trained in %.0f s",
                    model.version(), model.run().trainSeconds());
            result.put("model_version", model.version());

            runMalformed(clients, admin, serializer);
        }
        result.put("wall_s", Math.round((System.nanoTime() - wallStart) / 1e8) / 10.0);
        return E2eRuns.json(result);
    }

    private void runMalformed(Map<String, Object> clients, Admin admin, EventSerializer serializer) throws Exception {
        SimulatedEntities load = new SimulatedEntities(
                process,
                Demo.TYPES,
                options.entities(),
                demo.unitMs(),
                LOAD_WARMUP_UNITS,
                System.currentTimeMillis(),
                options.seed());
        MalformedRun.Outcome o;
        try (TemporaApp app = startProduct(clients, MALFORMED_APP_ID, MALFORMED_EVENTS, MALFORMED_PREDICTIONS)) {
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

    private List<NewTopic> topics() {
        short one = 1;
        return List.of(
                new NewTopic(Topics.EVENTS, Demo.PARTITIONS, one),
                new NewTopic(MALFORMED_EVENTS, Demo.PARTITIONS, one),
                new NewTopic(MALFORMED_PREDICTIONS, Demo.PARTITIONS, one),
                new NewTopic(Topics.EVENTS_DLQ, 1, one),
                Topics.modelParameters(Topics.MODEL_PARAMETERS, Optional.of(one)));
    }

    /** The product with the demo's settings on {@code events} and {@code predictions}, serving the model. */
    private TemporaApp startProduct(Map<String, Object> clients, String appId, String events, String predictions)
            throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path stateDir = Files.createTempDirectory(workDir, "state-").toAbsolutePath();
        return E2eRuns.startProduct(clients, stateDir, demo.unitMs(), appId, events, predictions);
    }

    private void line(String format, Object... args) {
        out.println(String.format(Locale.ROOT, format, args));
        out.flush();
    }
}
