package io.tempora.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.schemas.testing.RegistryDevExtension;
import io.tempora.schemas.testing.RegistryDevServer;
import io.tempora.streams.TemporaApp;
import io.tempora.streams.TemporaConfig;
import io.tempora.streams.Topics;
import io.tempora.streams.testing.EmbeddedKafka;
import io.tempora.streams.testing.ScaleOutTraffic;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two instances of the app (one {@code application.id}, separate state directories, HTTP on free ports)
 * on a four-partition events topic, against a real KRaft broker and the dev registry: both take
 * partitions, every event has exactly one prediction, either instance answers for any entity (forwarding
 * to the owner, and saying so), a forwarded request is never forwarded again, and when one instance
 * closes the other takes its partitions, restores their state and answers for its entities.
 */
@ExtendWith(RegistryDevExtension.class)
class ScaleOutIntegrationTest {

    private static final String MODEL = "scale-m";
    private static final String APPLICATION_ID = "tempora-scale-it";
    private static final int PARTITIONS = 4;
    private static final int ENTITIES = 12;
    private static final int EVENTS = 48;
    private static final Duration WAIT = Instances.WAIT;

    private static EmbeddedKafka kafka;

    private final RegistryDevServer registry;
    private final HttpClient http = HttpClient.newHttpClient();

    ScaleOutIntegrationTest(RegistryDevServer registry) {
        this.registry = registry;
    }

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start(Path.of("target/kafka-scale"), Map.of());
        kafka.createTopics(Topics.definitions(PARTITIONS, (short) 1));
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    private Map<String, Object> clientConfig() {
        return Instances.clientConfig(kafka, registry);
    }

    private TemporaConfig appConfig(Path stateDir) {
        return Instances.appConfig(clientConfig(), APPLICATION_ID, MODEL, stateDir, Map.of());
    }

    private static String entity(int i) {
        return "s-" + (i % ENTITIES);
    }

    private void produce() {
        ScaleOutTraffic.produce(clientConfig(), EVENTS, ENTITIES, ScaleOutIntegrationTest::entity);
    }

    private Map<String, Integer> predictionsPerSourceEvent(int count) throws InterruptedException {
        return ScaleOutTraffic.predictionsPerSourceEvent(clientConfig(), count, WAIT);
    }

    private HttpResponse<String> get(InetSocketAddress at, String pathAndQuery, boolean markForwarded)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort() + pathAndQuery))
                .GET();
        if (markForwarded) {
            b.header(EntityRouter.FORWARDED, "true");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean runningWithPartitions(TemporaApp app) {
        return app.streams().state() == KafkaStreams.State.RUNNING && Instances.tasks(app, false) > 0;
    }

    /** Whether {@code app} answers 200 for every entity, each with all its events. */
    private boolean answersEveryEntity(InetSocketAddress at) {
        try {
            for (int i = 0; i < ENTITIES; i++) {
                HttpResponse<String> r = get(at, "/entities/" + entity(i), false);
                if (r.statusCode() != 200) {
                    return false;
                }
            }
            return true;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void twoInstancesSharePartitionsAnswerForEveryEntityAndTakeOverWhenOneCloses() throws Exception {
        Instances.publishModel(clientConfig(), MODEL);
        Path stateA = Files.createTempDirectory(Path.of("target"), "scale-a-");
        Path stateB = Files.createTempDirectory(Path.of("target"), "scale-b-");
        try (TemporaApp a = TemporaApp.start(appConfig(stateA), Duration.ofSeconds(10))) {
            InetSocketAddress addressA = a.httpAddress().orElseThrow();
            InetSocketAddress addressB;
            try (TemporaApp b = TemporaApp.start(appConfig(stateB), Duration.ofSeconds(10))) {
                addressB = b.httpAddress().orElseThrow();
                Instances.await(
                        () -> runningWithPartitions(a) && runningWithPartitions(b),
                        "both instances RUNNING with partitions");
                assertThat(Instances.tasks(a, false) + Instances.tasks(b, false))
                        .as("the four partitions' tasks, each on one instance")
                        .isEqualTo(PARTITIONS);
                Instances.await(
                        () -> a.catalog().serving(MODEL).isPresent()
                                && b.catalog().serving(MODEL).isPresent(),
                        "both instances serving the model");

                produce();
                Map<String, Integer> perId = predictionsPerSourceEvent(EVENTS);
                assertThat(perId).hasSize(EVENTS);
                assertThat(perId.values()).as("one prediction per event").allMatch(n -> n == 1);
                Instances.await(
                        () -> Instances.eventPredictions(a) > 0 && Instances.eventPredictions(b) > 0,
                        "both instances made predictions");
                assertThat(Instances.eventPredictions(a) + Instances.eventPredictions(b))
                        .isEqualTo(EVENTS);

                Map<String, Integer> ownedBy = new HashMap<>();
                for (int i = 0; i < ENTITIES; i++) {
                    String id = entity(i);
                    HttpResponse<String> fromA = get(addressA, "/entities/" + id, false);
                    HttpResponse<String> fromB = get(addressB, "/entities/" + id, false);
                    for (HttpResponse<String> r : List.of(fromA, fromB)) {
                        assertThat(r.statusCode()).as(id + ": " + r.body()).isEqualTo(200);
                        assertThat(r.body()).contains("\"eventCount\":" + (EVENTS / ENTITIES));
                    }
                    String owner =
                            fromA.headers().firstValue(EntityRouter.SERVED_BY).orElseThrow();
                    assertThat(owner).isIn(Instances.label(addressA), Instances.label(addressB));
                    assertThat(fromB.headers().firstValue(EntityRouter.SERVED_BY))
                            .contains(owner);
                    assertThat(fromB.body()).isEqualTo(fromA.body());
                    InetSocketAddress other = owner.equals(Instances.label(addressA)) ? addressB : addressA;
                    HttpResponse<String> viaOther = owner.equals(Instances.label(addressA)) ? fromB : fromA;
                    HttpResponse<String> direct = owner.equals(Instances.label(addressA)) ? fromA : fromB;
                    assertThat(viaOther.headers().firstValue(EntityRouter.FORWARDED))
                            .contains("true");
                    assertThat(direct.headers().firstValue(EntityRouter.FORWARDED))
                            .isEmpty();
                    ownedBy.merge(owner, 1, Integer::sum);

                    // A prediction query forwarded by the non-owner: the owner's very answer.
                    String prediction =
                            "/entities/" + id + "/prediction?at=" + System.currentTimeMillis() + "&horizons=1000,60000";
                    HttpResponse<String> predictedHere =
                            get(owner.equals(Instances.label(addressA)) ? addressA : addressB, prediction, false);
                    HttpResponse<String> predictedThere = get(other, prediction, false);
                    assertThat(predictedHere.statusCode())
                            .as(predictedHere.body())
                            .isEqualTo(200);
                    assertThat(predictedThere.statusCode())
                            .as(predictedThere.body())
                            .isEqualTo(200);
                    assertThat(predictedThere.body()).isEqualTo(predictedHere.body());
                    assertThat(predictedThere.headers().firstValue(EntityRouter.FORWARDED))
                            .contains("true");

                    // A request already forwarded once reaches a non-owner: not forwarded again.
                    HttpResponse<String> loop = get(other, "/entities/" + id, true);
                    assertThat(loop.statusCode()).as(loop.body()).isEqualTo(503);
                    assertThat(loop.headers().firstValue("Retry-After")).isPresent();
                    assertThat(loop.body()).contains("names " + owner + " as the owner");
                }
                assertThat(ownedBy)
                        .as("entities per owning instance: each instance forwarded to the other")
                        .containsOnlyKeys(Instances.label(addressA), Instances.label(addressB));
                // An unknown entity: its owner's 404, relayed by whichever instance was asked.
                HttpResponse<String> nobodyA = get(addressA, "/entities/nobody", false);
                HttpResponse<String> nobodyB = get(addressB, "/entities/nobody", false);
                assertThat(nobodyA.statusCode()).isEqualTo(404);
                assertThat(nobodyB.statusCode()).isEqualTo(404);
                assertThat(nobodyA.body()).isEqualTo(nobodyB.body()).contains("no entity 'nobody'");
            }
            // B closed: A takes its partitions, restores their state from the changelog and answers alone.
            long closedAt = System.nanoTime();
            Instances.await(
                    () -> a.streams().state() == KafkaStreams.State.RUNNING
                            && Instances.tasks(a, false) == PARTITIONS
                            && answersEveryEntity(addressA),
                    "the remaining instance to hold every partition and answer for every entity");
            System.out.printf(
                    "scale-out: the remaining instance answered for every entity %d ms after the other closed%n",
                    (System.nanoTime() - closedAt) / 1_000_000);
            for (int i = 0; i < ENTITIES; i++) {
                HttpResponse<String> r = get(addressA, "/entities/" + entity(i), false);
                assertThat(r.body()).contains("\"eventCount\":" + (EVENTS / ENTITIES));
                assertThat(r.headers().firstValue(EntityRouter.SERVED_BY)).contains(Instances.label(addressA));
                assertThat(r.headers().firstValue(EntityRouter.FORWARDED)).isEmpty();
            }
        }
    }
}
