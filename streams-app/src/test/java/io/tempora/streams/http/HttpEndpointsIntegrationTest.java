package io.tempora.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.data.TypeVocabulary;
import io.tempora.model.EventModel;
import io.tempora.model.FeatureStatistics;
import io.tempora.model.ModelArchitecture;
import io.tempora.model.PredictionBuffer;
import io.tempora.model.StreamingScorer;
import io.tempora.schemas.Event;
import io.tempora.schemas.Prediction;
import io.tempora.schemas.PredictionTrigger;
import io.tempora.schemas.serde.EventSerializer;
import io.tempora.schemas.testing.RegistryDevExtension;
import io.tempora.schemas.testing.RegistryDevServer;
import io.tempora.streams.TemporaApp;
import io.tempora.streams.TemporaConfig;
import io.tempora.streams.TemporaTopology;
import io.tempora.streams.Topics;
import io.tempora.streams.model.ModelCatalog;
import io.tempora.streams.model.ModelParametersMapper;
import io.tempora.streams.model.ModelPublisher;
import io.tempora.streams.model.ServingModel;
import io.tempora.streams.processor.PredictionMapper;
import io.tempora.streams.state.EntityRecord;
import io.tempora.streams.state.EntityRecordSerde;
import io.tempora.streams.testing.EmbeddedKafka;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The HTTP endpoints of a real app (KRaft broker, dev registry) over real HTTP on 127.0.0.1: readiness
 * waits for a model, {@code /models} lists it, {@code /metrics} counts exactly the events sent, and a
 * prediction query answers from the stored state without changing its bytes, with 400 and 404 for bad
 * times and unknown entities, and 503 with {@code Retry-After} while the store is not queryable.
 */
@ExtendWith(RegistryDevExtension.class)
class HttpEndpointsIntegrationTest {

    private static final String MODEL = "http-m";
    private static final int ENTITIES = 6;
    private static final int EVENTS = 36;
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** The advertised host of the app under test: a name of the loopback address it binds. */
    private static final String ADVERTISED = "localhost";

    private static EmbeddedKafka kafka;

    private final RegistryDevServer registry;
    private final HttpClient http = HttpClient.newHttpClient();

    HttpEndpointsIntegrationTest(RegistryDevServer registry) {
        this.registry = registry;
    }

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start(Path.of("target/kafka-http"), Map.of());
        kafka.createTopics(Topics.definitions(2, (short) 1));
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    private static EventModel model(long version) {
        return EventModel.create(
                new ModelArchitecture(4, 8, 3, 2, 1),
                1_000.0,
                TypeVocabulary.of("click", "buy"),
                new FeatureStatistics(List.of("amount"), new double[] {10}, new double[] {5}),
                ServingModel.label(MODEL, version),
                11);
    }

    private Map<String, Object> clientConfig() {
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", kafka.bootstrapServers());
        c.put("schema.registry.url", registry.confluentApiUrl());
        return c;
    }

    private TemporaConfig appConfig(Path stateDir) {
        return appConfig(stateDir, Map.of());
    }

    private TemporaConfig appConfig(Path stateDir, Map<String, Object> extra) {
        Map<String, Object> p = clientConfig();
        p.putAll(extra);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "tempora-http-it");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(TemporaConfig.MODEL_NAME_CONFIG, MODEL);
        return new TemporaConfig(p);
    }

    private void publish(long version) {
        try (ModelPublisher publisher = new ModelPublisher(clientConfig(), Topics.MODEL_PARAMETERS)) {
            publisher.publish(
                    ModelParametersMapper.toAvro(
                            model(version),
                            MODEL,
                            version,
                            OptionalLong.empty(),
                            Instant.now(),
                            Map.of(),
                            Optional.empty()),
                    WAIT);
        }
    }

    /** {@code count} events round-robin over the entities, 100 ms apart per entity, ending a little before now. */
    private void produce(int count) {
        Map<String, Object> c = clientConfig();
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        long t0 = System.currentTimeMillis() - 10_000;
        try (EventSerializer serializer = new EventSerializer();
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer())) {
            serializer.configure(c, false);
            for (int i = 0; i < count; i++) {
                String entity = "e-" + (i % ENTITIES);
                Event e = Event.newBuilder()
                        .setEntityId(entity)
                        .setEventTime(Instant.ofEpochMilli(t0 + 100L * (i / ENTITIES)))
                        .setType(i % 3 == 0 ? "buy" : "click")
                        .setFeatures(Map.of("amount", (double) (i % 7)))
                        .setEventId("ev-" + i)
                        .build();
                producer.send(new ProducerRecord<>(
                        Topics.EVENTS,
                        entity.getBytes(StandardCharsets.UTF_8),
                        serializer.serialize(Topics.EVENTS, e)));
            }
            // One record without a key: a MISSING_KEY dead letter.
            producer.send(new ProducerRecord<>(Topics.EVENTS, null, new byte[] {1, 2, 3}));
            producer.flush();
        }
    }

    private HttpResponse<String> get(InetSocketAddress at, String pathAndQuery)
            throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + at.getPort() + pathAndQuery);
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** The value of the Prometheus sample {@code name} (with its labels, as printed) in {@code text}. */
    private static double sample(String text, String nameAndLabels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(nameAndLabels) + " (\\S+)$")
                .matcher(text);
        assertThat(m.find()).as("sample " + nameAndLabels + " in /metrics").isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static byte[] storedBytes(KafkaStreams streams, String id) {
        ReadOnlyKeyValueStore<String, EntityRecord> store = streams.store(
                StoreQueryParameters.fromNameAndType(Topics.ENTITY_STATE_STORE, QueryableStoreTypes.keyValueStore()));
        return EntityRecordSerde.toBytes(store.get(id));
    }

    @Test
    void aStoreThatIsNotQueryableIsA503WithRetryAfterAndNotReady() throws Exception {
        Path stateDir = Files.createTempDirectory(Path.of("target"), "http-created-");
        TemporaConfig config = appConfig(stateDir);
        ModelCatalog catalog = ModelCatalog.unpinned();
        // Created, never started: Kafka Streams refuses every store query, as during a rebalance.
        try (KafkaStreams streams =
                new KafkaStreams(TemporaTopology.build(config, () -> null), config.streamsProperties())) {
            EntityQueries queries = new EntityQueries(
                    streams, catalog, new double[] {1000}, TemporaConfig.DEFAULT_PREDICTION_MAX_TYPES);
            for (Answer a : List.of(
                    queries.summary("e-0", StoreCopy.ACTIVE),
                    queries.prediction("e-0", Map.of("at", "1700000000000"), StoreCopy.ACTIVE))) {
                assertThat(a.status()).as(a.body()).isEqualTo(503);
                assertThat(a.headers()).containsEntry("Retry-After", EntityQueries.RETRY_AFTER_SECONDS);
                assertThat(a.body()).contains("the entity store is not queryable now (CREATED");
            }
            // Before Kafka Streams runs no instance is known to own any entity: 503, never forwarded.
            Answer routed = new EntityRouter(streams, new HostInfo("127.0.0.1", 1), Duration.ofSeconds(1))
                    .route("e-0", "/entities/e-0", false, copy -> Answer.error(500, "answered locally"));
            assertThat(routed.status()).as(routed.body()).isEqualTo(503);
            assertThat(routed.headers()).containsEntry("Retry-After", EntityQueries.RETRY_AFTER_SECONDS);
            assertThat(routed.body()).contains("the owner of entity 'e-0' is not known now (CREATED");
            Answer ready = new Health(streams::state, catalog, MODEL, false).ready();
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.body()).contains("Kafka Streams is CREATED, not RUNNING");
            assertThat(new Health(streams::state, catalog, MODEL, false).live().status())
                    .isEqualTo(200);
        }
    }

    @Test
    void readinessMetricsModelsAndPredictionQueries() throws Exception {
        Path stateDir = Files.createTempDirectory(Path.of("target"), "http-state-");
        // Bound to 127.0.0.1, advertised under another name for it: the name is what the instances exchange.
        TemporaConfig config = appConfig(stateDir, Map.of(TemporaConfig.HTTP_ADVERTISED_HOST_CONFIG, ADVERTISED));
        try (TemporaApp app = TemporaApp.start(config, Duration.ofSeconds(5))) {
            InetSocketAddress address = app.httpAddress().orElseThrow();
            assertThat(address.getAddress().isLoopbackAddress()).isTrue();
            await(() -> app.streams().state() == KafkaStreams.State.RUNNING, "the app to run");

            assertThat(get(address, "/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> notReady = get(address, "/health/ready");
            assertThat(notReady.statusCode()).as(notReady.body()).isEqualTo(503);
            assertThat(notReady.body()).contains("no valid version of model 'http-m'");

            publish(1);
            await(
                    () -> {
                        try {
                            return get(address, "/health/ready").statusCode() == 200;
                        } catch (IOException | InterruptedException e) {
                            throw new AssertionError(e);
                        }
                    },
                    "ready once version 1 serves");
            HttpResponse<String> models = get(address, "/models");
            assertThat(models.statusCode()).isEqualTo(200);
            assertThat(models.body())
                    .contains("\"http-m\":{\"serving\":1,\"pinned\":null,\"versions\":[{\"version\":1,")
                    .contains("\"refused\":[]");

            produce(EVENTS);
            await(
                    () -> app.meters().counter("tempora.events.accepted").count() >= EVENTS
                            && app.meters()
                                            .counter("tempora.dead.letters", "reason", "MISSING_KEY")
                                            .count()
                                    >= 1,
                    "all events counted");
            HttpResponse<String> metrics = get(address, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            String text = metrics.body();
            assertThat(sample(text, "tempora_events_accepted_total")).isEqualTo(EVENTS);
            assertThat(sample(text, "tempora_predictions_total{trigger=\"EVENT\"}"))
                    .isEqualTo(EVENTS);
            assertThat(sample(text, "tempora_dead_letters_total{reason=\"MISSING_KEY\"}"))
                    .isEqualTo(1);
            assertThat(sample(text, "tempora_dead_letters_total{reason=\"LATE\"}"))
                    .isEqualTo(0);
            assertThat(sample(text, "tempora_solver_evaluations_count")).isEqualTo(EVENTS);
            assertThat(sample(text, "tempora_solver_evaluations_sum")).isGreaterThan(EVENTS);
            assertThat(sample(text, "tempora_event_to_prediction_seconds_count"))
                    .isEqualTo(EVENTS);
            // Events were stamped from 10 s before they were sent: each waited at least 10 s minus its offset.
            assertThat(sample(text, "tempora_event_to_prediction_seconds_max")).isGreaterThan(9.0);
            assertThat(sample(text, "tempora_model_version{model=\"http-m\"}")).isEqualTo(1);
            assertThat(sample(text, "tempora_models_refused_total{reason=\"NON_FINITE_VALUE\"}"))
                    .isEqualTo(0);
            assertThat(text).containsPattern("(?m)^kafka_stream_");
            // Every entity once, however many events each had.
            assertThat(sample(text, "tempora_entities{copy=\"active\",kind=\"count\"}"))
                    .isEqualTo(ENTITIES);
            assertThat(sample(text, "tempora_entities{copy=\"standby\",kind=\"estimate\"}"))
                    .isEqualTo(0);

            HttpResponse<String> summary = get(address, "/entities/e-0");
            assertThat(summary.statusCode()).as(summary.body()).isEqualTo(200);
            assertThat(summary.headers().firstValue(EntityRouter.SERVED_BY))
                    .contains(ADVERTISED + ":" + address.getPort());
            assertThat(app.streams().metadataForAllStreamsClients())
                    .extracting(m -> m.hostInfo())
                    .containsExactly(new HostInfo(ADVERTISED, address.getPort()));
            assertThat(summary.body())
                    .contains("\"eventCount\":" + (EVENTS / ENTITIES))
                    .contains("\"modelVersion\":1")
                    .contains("\"eventId\":\"ev-0\"");

            EntityRecord stored = EntityRecordSerde.fromBytes(storedBytes(app.streams(), "e-0"));
            long stateTime = Math.round(stored.state().time());
            long at = stateTime + 30_000;
            byte[] before = storedBytes(app.streams(), "e-0");
            HttpResponse<String> query = get(address, "/entities/e-0/prediction?at=" + at + "&horizons=1000,60000");
            assertThat(query.statusCode()).as(query.body()).isEqualTo(200);
            assertThat(storedBytes(app.streams(), "e-0"))
                    .as("the query leaves the stored state's bytes as they were")
                    .isEqualTo(before);

            // The same prediction made here from the stored state and the served model: the same JSON.
            ServingModel served = app.catalog().version(MODEL, 1).orElseThrow();
            StreamingScorer scorer = served.newScorer();
            PredictionBuffer buffer = scorer.newPredictionBuffer(2);
            long evaluationsBefore = scorer.evaluations();
            scorer.predict(stored.state(), at, new double[] {1000, 60_000}, buffer);
            Prediction expected = PredictionMapper.evolved(
                    "e-0",
                    at,
                    served,
                    buffer,
                    scorer.evaluations() - evaluationsBefore,
                    PredictionTrigger.QUERY,
                    TemporaConfig.DEFAULT_PREDICTION_MAX_TYPES);
            assertThat(query.body()).isEqualTo(Json.write(expected));
            assertThat(query.body())
                    .contains("\"trigger\":\"QUERY\"")
                    .contains("\"asOf\":\"" + Instant.ofEpochMilli(at) + "\"");
            HttpResponse<String> iso =
                    get(address, "/entities/e-0/prediction?at=" + Instant.ofEpochMilli(at) + "&horizons=1000,60000");
            assertThat(iso.body())
                    .as("ISO-8601 and epoch ms name the same time")
                    .isEqualTo(query.body());

            HttpResponse<String> early = get(address, "/entities/e-0/prediction?at=" + (stateTime - 1));
            assertThat(early.statusCode()).isEqualTo(400);
            assertThat(early.body()).contains("is before entity 'e-0''s state time " + stateTime);
            HttpResponse<String> badAt = get(address, "/entities/e-0/prediction?at=yesterday");
            assertThat(badAt.statusCode()).isEqualTo(400);
            assertThat(badAt.body()).contains("at='yesterday' is neither epoch milliseconds nor an ISO-8601 instant");
            HttpResponse<String> badHorizons = get(address, "/entities/e-0/prediction?horizons=60000,1000");
            assertThat(badHorizons.statusCode()).isEqualTo(400);
            assertThat(badHorizons.body()).contains("strictly ascending");
            HttpResponse<String> unknown = get(address, "/entities/nobody/prediction?at=" + at);
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).contains("no entity 'nobody'");
            assertThat(get(address, "/entities/nobody").statusCode()).isEqualTo(404);
            assertThat(get(address, "/nowhere").statusCode()).isEqualTo(404);
        }
    }
}
