package io.tempora.bench;

import io.tempora.bench.query.EntityLoad;
import io.tempora.bench.query.Footprint;
import io.tempora.bench.query.QueryLatency;
import io.tempora.bench.query.QueryStage;
import io.tempora.data.TypeVocabulary;
import io.tempora.demo.AppInstances;
import io.tempora.demo.NameValueArgument;
import io.tempora.demo.Schemas;
import io.tempora.model.EventModel;
import io.tempora.model.FeatureStatistics;
import io.tempora.model.ModelArchitecture;
import io.tempora.schemas.serde.EventSerializer;
import io.tempora.schemas.testing.RegistryDevServer;
import io.tempora.streams.TemporaApp;
import io.tempora.streams.TemporaConfig;
import io.tempora.streams.Topics;
import io.tempora.streams.http.TemporaHttpServer;
import io.tempora.streams.model.ModelParametersMapper;
import io.tempora.streams.model.ModelPublisher;
import io.tempora.streams.model.ServingModel;
import io.tempora.streams.processor.ProcessorMetrics;
import io.tempora.streams.testing.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsConfig;

/**
 * {@code ./bench.sh query}: the latency of the app's prediction queries, and what the app's entities take in disk
 * and memory.
 *
 * <p>On a real single-node broker in this JVM and the dev Schema Registry, two instances of the app
 * ({@link AppInstances}: one {@code application.id}, {@value #PARTITIONS} partitions between them) serve a model of
 * the demo's shape ({@link #LATENT_DIM}, {@link #HIDDEN_DIM}, its three event types). {@code entities} entities, each
 * with {@code events} events (by default as many as the ring of recent events holds, so that every ring is full), are
 * loaded onto the events topic and processed. Then one client ({@link QueryLatency}) sends {@code queries} prediction
 * queries at the time of sending to the first instance for entities it owns (local), as many for entities the other
 * owns (forwarded), and as many {@code GET /health/live} (the HTTP round trip alone), in turn, after {@code warmup}
 * unrecorded rounds.
 *
 * <p>Sizing: after each load the instances are closed (which flushes RocksDB's memtables to its files and writes
 * the checkpoints), and the stores' bytes on disk (each partition's stores in the instance that ran it: the entity
 * store, and the lifetime index and eviction markers beside it), their changelog topics' bytes on the broker, the
 * entity store's keys' and values' bytes, and the JVM's heap after GC and resident memory
 * (measured before the close) are recorded. With {@code sizing=M} above {@code entities}, the instances restart on
 * their state and load entities up to M in all, and every per-10k figure is the slope between the two loads (so
 * that what does not grow with the entities, such as RocksDB's fixed files, drops out); without it, it is the one
 * load's figure scaled.
 *
 * <p>Arguments (optional): {@code entities=N} (10000), {@code sizing=M} ({@value #DEFAULT_SIZING}; 0: one load
 * only), {@code events=N} per entity (the default ring size), {@code queries=N} (10000), {@code warmup=N} (2000),
 * {@code nodelay=off} (no TCP_NODELAY on the apps' HTTP connections, {@link TemporaHttpServer#NODELAY_PROPERTY}; on by default, as
 * the app sets it unless the JVM says otherwise).
 */
public final class QueryBench implements BenchReport {

    static final Path WORK_DIR = Path.of("target", "bench-query");
    static final String APPLICATION_ID = "tempora-bench-query";
    static final String MODEL_NAME = "query-bench";
    static final int INSTANCES = 2;
    /** Two partitions per instance, as in the demo. */
    static final int PARTITIONS = 2 * INSTANCES;
    /** The demo's model shape (its training service's latent and hidden sizes) and its event types. */
    static final int LATENT_DIM = 16;

    static final int HIDDEN_DIM = 32;
    static final TypeVocabulary TYPES = TypeVocabulary.of("view", "cart", "purchase");
    /** The demo's horizons: 1, 5 and 20 process units of {@link EntityLoad#GAP_MS}. */
    static final String HORIZONS_MS = "1000,5000,20000";

    static final long COMMIT_INTERVAL_MS = 100;
    static final long MODEL_SEED = 17;
    static final Duration REGISTRY_START_TIMEOUT = Duration.ofSeconds(120);
    static final Duration APP_START_TIMEOUT = Duration.ofSeconds(120);
    static final Duration MODEL_WAIT = Duration.ofSeconds(10);
    /** How long one load may take to be processed: far beyond the largest default load. */
    static final Duration LOAD_TIMEOUT = Duration.ofMinutes(30);

    static final long PROGRESS_EVERY_MS = 10_000;
    /** System property naming the dev registry's runner jar (set by bench.sh through target/jvm.args). */
    static final String REGISTRY_JAR_PROPERTY = "tempora.registry.dev.jar";

    static final String LOG_FILE_PROPERTY = "org.slf4j.simpleLogger.logFile";

    static final String DEFAULT_REGISTRY_JAR = "deploy/registry-dev/target/registry-dev-0.1.0-SNAPSHOT-runner.jar";
    /** Entities in all after the sizing load by default: 40,000 more than the queried ones, a few minutes' load. */
    static final int DEFAULT_SIZING = 50_000;

    static final String USAGE = "use entities=N, sizing=M (0: one load), events=N, queries=N, warmup=N, nodelay=on|off";
    /** The unit of the sizing figures. */
    static final int PER_ENTITIES = 10_000;

    static final double MIB = 1024.0 * 1024.0;

    static {
        // Before the first logger: slf4j-simple reads its settings once; the broker's and the apps' logs go to a
        // file, away from the figures.
        try {
            Files.createDirectories(WORK_DIR);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + WORK_DIR.toAbsolutePath(), e);
        }
        if (System.getProperty(LOG_FILE_PROPERTY) == null) {
            System.setProperty(LOG_FILE_PROPERTY, WORK_DIR.resolve("bench.log").toString());
        }
    }

    @Override
    public String run(String[] args) throws Exception {
        Options o = Options.parse(args);
        // Before the apps' HTTP servers start: the JDK server reads it once.
        System.setProperty(TemporaHttpServer.NODELAY_PROPERTY, Boolean.toString(o.nodelay));
        Path jar = Path.of(System.getProperty(REGISTRY_JAR_PROPERTY, DEFAULT_REGISTRY_JAR));
        CompletableFuture<RegistryDevServer> registryStart = CompletableFuture.supplyAsync(
                () -> RegistryDevServer.start(jar, WORK_DIR.resolve("registry"), REGISTRY_START_TIMEOUT));
        Path stateParent = Files.createTempDirectory(WORK_DIR, "state-");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(WORK_DIR.resolve("kafka"), Map.of());
                RegistryDevServer registry = registryStart.join();
                Admin admin = kafka.admin()) {
            kafka.createTopics(Topics.definitions(PARTITIONS, (short) 1));
            Map<String, Object> clients = new HashMap<>();
            clients.put("bootstrap.servers", kafka.bootstrapServers());
            clients.put("schema.registry.url", registry.confluentApiUrl());
            try (EventSerializer events = new EventSerializer()) {
                events.configure(clients, false);
                Schemas.register(clients, events, TYPES.name(0));
            }
            publishModel(clients);
            List<Path> stateDirs = AppInstances.stateDirs(stateParent, INSTANCES);
            System.out.printf(
                    Locale.ROOT,
                    "broker %s, registry %s; %d app instances, %d partitions, model D=%d H=%d, ring %d%n",
                    kafka.bootstrapServers(),
                    registry.confluentApiUrl(),
                    INSTANCES,
                    PARTITIONS,
                    LATENT_DIM,
                    HIDDEN_DIM,
                    TemporaConfig.DEFAULT_RING_SIZE);

            List<QueryStage> stages = new ArrayList<>();
            QueryLatency latency = null;
            int loaded = 0;
            long heapBefore = -1;
            for (int total : o.stages()) {
                try (AppInstances apps = start(clients, stateDirs)) {
                    if (heapBefore < 0) {
                        heapBefore = Footprint.heapUsedAfterGc();
                    }
                    long startedNs = System.nanoTime();
                    long events = EntityLoad.produce(
                            clients, Topics.EVENTS, TYPES.names(), loaded, total - loaded, o.eventsPerEntity);
                    awaitPredictions(apps, events);
                    double seconds = (System.nanoTime() - startedNs) / 1e9;
                    loaded = total;
                    System.out.printf(
                            Locale.ROOT,
                            "loaded %d entities (%d events) in %.1f s: %.0f events/s%n",
                            loaded,
                            events,
                            seconds,
                            events / seconds);
                    if (latency == null) {
                        latency = queries(apps, loaded, o);
                    }
                    Footprint.Stored stored = new Footprint.Stored(0, 0);
                    for (TemporaApp app : apps.apps()) {
                        stored = stored.plus(Footprint.stored(app));
                    }
                    if (stored.entities() != loaded) {
                        throw new IllegalStateException("the instances' stores hold " + stored.entities()
                                + " entities; " + loaded + " were loaded");
                    }
                    long rocksDb = 0;
                    for (TemporaApp app : apps.apps()) {
                        rocksDb += Footprint.rocksDbNativeBytes(app);
                    }
                    long heap = Footprint.heapUsedAfterGc();
                    long rss = Footprint.residentBytes();
                    List<AppInstances.Instance> owners = apps.report(Topics.EVENTS);
                    apps.close();
                    QueryStage stage = new QueryStage(
                            loaded,
                            events / seconds,
                            taskDiskBytes(stateDirs, owners),
                            Footprint.changelogBytes(admin, APPLICATION_ID),
                            stored.bytes(),
                            heap,
                            rocksDb,
                            rss);
                    System.out.println(stage.line());
                    stages.add(stage);
                }
            }
            return report(o, latency, stages, heapBefore);
        } finally {
            deleteQuietly(stateParent);
        }
    }

    private static AppInstances start(Map<String, Object> clients, List<Path> stateDirs) throws InterruptedException {
        Map<String, Object> props = new HashMap<>(clients);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(COMMIT_INTERVAL_MS));
        props.put(TemporaConfig.MODEL_NAME_CONFIG, MODEL_NAME);
        props.put(TemporaConfig.HORIZONS_MS_CONFIG, HORIZONS_MS);
        AppInstances apps = AppInstances.start(props, stateDirs, MODEL_WAIT);
        try {
            apps.awaitRunning(PARTITIONS, APP_START_TIMEOUT, () -> {});
            for (TemporaApp app : apps.apps()) {
                if (app.catalog().serving(MODEL_NAME).isEmpty()) {
                    throw new IllegalStateException("an instance started without the model " + MODEL_NAME);
                }
            }
        } catch (InterruptedException | RuntimeException e) {
            apps.close();
            throw e;
        }
        return apps;
    }

    /** Publishes version 1 of a model of the demo's shape, initialised from a seed (its shape sets its cost). */
    private static void publishModel(Map<String, Object> clients) {
        EventModel model = EventModel.create(
                ModelArchitecture.defaults(TYPES.size(), 0).withSizes(LATENT_DIM, HIDDEN_DIM),
                EntityLoad.GAP_MS,
                TYPES,
                FeatureStatistics.NONE,
                ServingModel.label(MODEL_NAME, 1),
                MODEL_SEED);
        try (ModelPublisher publisher = new ModelPublisher(clients, Topics.MODEL_PARAMETERS)) {
            publisher.publish(
                    ModelParametersMapper.toAvro(
                            model, MODEL_NAME, 1, OptionalLong.empty(), Instant.now(), Map.of(), Optional.empty()),
                    MODEL_WAIT);
        }
    }

    /** Waits until the instances together have made {@code events} predictions, printing the progress. */
    private static void awaitPredictions(AppInstances apps, long events) throws InterruptedException {
        long deadline = System.nanoTime() + LOAD_TIMEOUT.toNanos();
        long nextProgress = System.currentTimeMillis() + PROGRESS_EVERY_MS;
        while (true) {
            long predictions = 0;
            double deadLetters = 0;
            for (TemporaApp app : apps.apps()) {
                predictions += AppInstances.predictions(app);
                deadLetters += app.meters().find(ProcessorMetrics.DEAD_LETTERS).counters().stream()
                        .mapToDouble(c -> c.count())
                        .sum();
            }
            if (deadLetters > 0) {
                throw new IllegalStateException(Math.round(deadLetters)
                        + " loaded events were dead-lettered (see the app's tempora.dead.letters by reason)");
            }
            if (predictions >= events) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(predictions + " of " + events + " events had their prediction after "
                        + LOAD_TIMEOUT.toMinutes() + " min");
            }
            if (System.currentTimeMillis() >= nextProgress) {
                System.out.printf(Locale.ROOT, "  %d of %d events predicted%n", predictions, events);
                nextProgress += PROGRESS_EVERY_MS;
            }
            Thread.sleep(COMMIT_INTERVAL_MS);
        }
    }

    /** Sorts the loaded entities by owner and times the queries sent to the first instance. */
    private static QueryLatency queries(AppInstances apps, int entities, Options o) throws Exception {
        TemporaApp receiver = apps.apps().get(0);
        int port = receiver.httpAddress().orElseThrow().getPort();
        List<String> owned = new ArrayList<>();
        List<String> notOwned = new ArrayList<>();
        for (int n = 0; n < entities; n++) {
            String id = EntityLoad.id(n);
            KeyQueryMetadata where = receiver.streams()
                    .queryMetadataForKey(
                            Topics.ENTITY_STATE_STORE, id, Serdes.String().serializer());
            if (where.activeHost().port() == port) {
                owned.add(id);
            } else {
                notOwned.add(id);
            }
        }
        String at = AppInstances.hostPort(receiver.httpAddress().orElseThrow());
        System.out.printf(
                Locale.ROOT,
                "queries to %s: %d rounds (after %d warm-up rounds) over %d entities it owns and %d the other owns%n",
                at,
                o.queries,
                o.warmup,
                owned.size(),
                notOwned.size());
        QueryLatency latency = new QueryLatency(at);
        latency.run(owned, notOwned, o.warmup, o.queries);
        System.out.println(QueryLatency.line("local", latency.local()));
        System.out.println(QueryLatency.line("forwarded", latency.forwarded()));
        System.out.println(QueryLatency.line("reference", latency.reference()));
        return latency;
    }

    /**
     * Bytes on disk of each partition's store in the state directory of the instance that ran it ({@code owners},
     * in the order of {@code stateDirs}): an instance that takes over another's partitions as that one closes must
     * not count them twice.
     */
    private static long taskDiskBytes(List<Path> stateDirs, List<AppInstances.Instance> owners) {
        List<Path> taskDirs = new ArrayList<>();
        for (int i = 0; i < owners.size(); i++) {
            for (int partition : owners.get(i).partitions()) {
                Path task = stateDirs.get(i).resolve(APPLICATION_ID).resolve("0_" + partition);
                if (Files.isDirectory(task)) {
                    taskDirs.add(task);
                }
            }
        }
        return Footprint.diskBytes(taskDirs);
    }

    private static String report(Options o, QueryLatency latency, List<QueryStage> stages, long heapBefore) {
        QueryStage last = stages.get(stages.size() - 1);
        QueryStage first = stages.get(0);
        boolean slope = stages.size() > 1;
        // Per 10k entities: the slope between the two loads, or the one load scaled (fixed costs included).
        double per = slope
                ? (last.entities() - first.entities()) / (double) PER_ENTITIES
                : last.entities() / (double) PER_ENTITIES;
        QueryStage from = slope ? first : new QueryStage(0, 0, 0, 0, 0, heapBefore, 0, 0);
        double localP50 = QueryLatency.ms(latency.local(), 50);
        double referenceP50 = QueryLatency.ms(latency.reference(), 50);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("local_p50_ms", localP50);
        json.put("local_p99_ms", QueryLatency.ms(latency.local(), 99));
        json.put("forwarded_p50_ms", QueryLatency.ms(latency.forwarded(), 50));
        json.put("forwarded_p99_ms", QueryLatency.ms(latency.forwarded(), 99));
        json.put("reference_p50_ms", referenceP50);
        json.put("reference_p99_ms", QueryLatency.ms(latency.reference(), 99));
        json.put("local_over_reference_p50", localP50 / referenceP50);
        json.put("queries", o.queries);
        json.put("entities", first.entities());
        json.put("events_per_entity", o.eventsPerEntity);
        json.put("ring_size", TemporaConfig.DEFAULT_RING_SIZE);
        json.put("standby_replicas", 0);
        json.put("sizing_entities", last.entities());
        json.put("per_10k_from", slope ? first.entities() + "->" + last.entities() : "one load");
        json.put("state_disk_mb_per_10k", (last.diskBytes() - from.diskBytes()) / MIB / per);
        json.put("changelog_mb_per_10k", (last.changelogBytes() - from.changelogBytes()) / MIB / per);
        json.put("stored_mb_per_10k", (last.storedBytes() - from.storedBytes()) / MIB / per);
        json.put("heap_mb", last.heapBytes() / MIB);
        json.put("heap_mb_per_10k", (last.heapBytes() - from.heapBytes()) / MIB / per);
        json.put("rocksdb_native_mb", last.rocksDbBytes() / MIB);
        json.put("rocksdb_native_mb_per_10k", (last.rocksDbBytes() - from.rocksDbBytes()) / MIB / per);
        json.put("rss_mb", last.rssBytes() / MIB);
        json.put("load_events_per_s", last.eventsPerSecond());
        json.put("tcp_nodelay", o.nodelay);
        List<String> fields = new ArrayList<>();
        json.forEach((k, v) -> fields.add("\"" + k + "\":" + QueryStage.jsonValue(v)));
        return "{" + String.join(",", fields) + "}";
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }

    /** The command line, {@code NAME=VALUE}. */
    record Options(int entities, int sizing, int eventsPerEntity, int queries, int warmup, boolean nodelay) {

        Options {
            if (entities < 2 || eventsPerEntity < 1 || queries < 1 || warmup < 0 || sizing < 0) {
                throw new IllegalArgumentException("entities must be >= 2, events and queries >= 1, warmup and sizing"
                        + " >= 0; got entities=" + entities + " events=" + eventsPerEntity + " queries=" + queries
                        + " warmup=" + warmup + " sizing=" + sizing);
            }
        }

        /** The entities in all after each load. */
        List<Integer> stages() {
            return sizing > entities ? List.of(entities, sizing) : List.of(entities);
        }

        static Options parse(String[] args) {
            int entities = 10_000;
            int sizing = DEFAULT_SIZING;
            int events = TemporaConfig.DEFAULT_RING_SIZE;
            int queries = 10_000;
            int warmup = 2_000;
            boolean nodelay = !"false".equalsIgnoreCase(System.getProperty(TemporaHttpServer.NODELAY_PROPERTY));
            for (NameValueArgument a : NameValueArgument.parse(args, USAGE)) {
                try {
                    switch (a.name()) {
                        case "entities" -> entities = Integer.parseInt(a.value());
                        case "sizing" -> sizing = Integer.parseInt(a.value());
                        case "events" -> events = Integer.parseInt(a.value());
                        case "queries" -> queries = Integer.parseInt(a.value());
                        case "warmup" -> warmup = Integer.parseInt(a.value());
                        case "nodelay" -> nodelay = a.onOff();
                        default -> throw a.unknown(USAGE);
                    }
                } catch (NumberFormatException e) {
                    throw a.notANumber(e);
                }
            }
            return new Options(entities, sizing, events, queries, warmup, nodelay);
        }
    }
}
