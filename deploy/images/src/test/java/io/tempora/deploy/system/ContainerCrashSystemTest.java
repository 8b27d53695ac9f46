package io.tempora.deploy.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.schemas.Prediction;
import io.tempora.streams.testing.ScaleOutTraffic;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.GenericContainer;

/**
 * A crash mid-stream: {@code docker kill} (SIGKILL) of one of two app containers while events stream in, then
 * {@code docker start} of the same container. Beside them runs a reference: one more app container of another
 * application id reading the same events into its own predictions topic, never interrupted. Every event has
 * exactly one committed prediction, each equal to the reference's for that event (a prediction is computed from the
 * entity's state before the event, so equal predictions mean equal states all along), and the stores, queried over
 * HTTP after the stream, hold the same state per entity as the reference's: summary and a prediction from the
 * stored state to a fixed time.
 */
@ExtendWith(SharedServices.Extension.class)
class ContainerCrashSystemTest {

    private static final String NAME = "crash";
    private static final String MODEL = "crash-m";
    private static final List<Integer> APP_PORTS = List.of(18101, 18102);
    private static final int REFERENCE_PORT = 18103;
    private static final int ENTITIES = MidStream.ENTITIES;
    private static final int EVENTS = MidStream.EVENTS;
    /**
     * The apps commit every second here (the other tests: 100 ms), so that the kill lands in an open transaction
     * holding predictions already written to the broker, which the restart must roll back and redo exactly once.
     */
    private static final String COMMIT_INTERVAL_MS = "1000";

    private static final TopicSet TOPICS = TopicSet.named(NAME);
    private static final TopicSet REFERENCE_TOPICS = TOPICS.withOutputs(NAME + "-reference");

    private static SharedServices services;
    private static AppGroup apps;
    private static AppInstance reference;

    @BeforeAll
    static void startApps(SharedServices shared) {
        services = shared;
        services.prepare(TOPICS, MODEL);
        services.createTopics(REFERENCE_TOPICS.outputDefinitions());
        apps = new AppGroup(services, "tempora-" + NAME, TOPICS, MODEL, APP_PORTS);
        reference = new AppInstance(
                services,
                NAME + "-reference",
                "tempora-" + NAME + "-reference",
                REFERENCE_TOPICS,
                MODEL,
                REFERENCE_PORT);
        apps.instances().forEach(a -> a.container().withEnv("TEMPORA_COMMIT_INTERVAL_MS", COMMIT_INTERVAL_MS));
        ImageContainers.startAll(containers());
    }

    @AfterAll
    static void stopApps() {
        if (apps != null) {
            ImageContainers.stopAll(containers());
        }
    }

    private static List<GenericContainer<?>> containers() {
        return apps.containersWith(reference.container());
    }

    @Test
    void killedAppContainerRestartsWithEveryEventPredictedOnceAndTheStatesOfAnUninterruptedRun() {
        Await.until(apps::everyMemberHoldsPartitions, "both app containers holding partitions of " + TOPICS.events());
        PacedEvents stream = MidStream.startAndAwaitQuarter(services, TOPICS);
        AppInstance victim = apps.instance(0);
        int sentAtKill = stream.answered();
        victim.killAndStartAgain();
        int sentAtReady = stream.answered();
        assertThat(stream.await()).isEqualTo(EVENTS);

        CommittedPredictions crashed = CommittedPredictions.await(services, TOPICS.predictions(), EVENTS);
        CommittedPredictions uninterrupted =
                CommittedPredictions.await(services, REFERENCE_TOPICS.predictions(), EVENTS);
        CommittedPredictions.Tally tally = crashed.tally(0, EVENTS);
        int aborted = CommittedPredictions.uncommittedCount(services, TOPICS.predictions()) - tally.predictions();
        System.out.printf(
                "crash: %s; %d events sent at the kill, %d when the restarted container was ready; %d predictions "
                        + "in aborted transactions; reference: %s%n",
                tally, sentAtKill, sentAtReady, aborted, uninterrupted.tally(0, EVENTS));
        tally.assertEveryEventOnce();
        assertThat(uninterrupted.tally(0, EVENTS).predictions()).isEqualTo(EVENTS);
        assertThat(aborted)
                .as("predictions of the killed instance's open transaction, rolled back: the kill hit work in flight")
                .isPositive();

        Map<String, Prediction> expected = uninterrupted.bySourceEvent();
        crashed.bySourceEvent().forEach((event, prediction) -> assertThat(prediction)
                .as("the prediction for %s after the crash against the uninterrupted run's", event)
                .isEqualTo(expected.get(event)));

        // A prediction from the stored state to a fixed time: it depends on the whole latent state.
        long at = ScaleOutTraffic.startOfEvents() + Duration.ofMinutes(1).toMillis();
        for (int i = 0; i < ENTITIES; i++) {
            String id = MidStream.entity(i);
            for (String path : List.of("/entities/" + id, "/entities/" + id + "/prediction?at=" + at)) {
                String want = activeAnswer(reference, path);
                for (AppInstance app : apps.instances()) {
                    assertThat(activeAnswer(app, path))
                            .as("%s from %s against the uninterrupted run", path, app.name())
                            .isEqualTo(want);
                }
            }
        }
    }

    /** The body of a 200 answer to {@code path} from an active copy (not a standby's stale one), waiting for it. */
    private static String activeAnswer(AppInstance app, String path) {
        String[] body = new String[1];
        Await.until(
                () -> {
                    Optional<HttpResponse<String>> r = app.get(path);
                    if (r.isPresent()
                            && r.get().statusCode() == 200
                            && r.get().headers().firstValue("X-Tempora-Stale").isEmpty()) {
                        body[0] = r.get().body();
                        return true;
                    }
                    return false;
                },
                app.name() + " answering " + path + " from an active copy");
        return body[0];
    }
}
