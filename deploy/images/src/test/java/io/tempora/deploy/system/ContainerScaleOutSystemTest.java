package io.tempora.deploy.system;

import io.tempora.streams.testing.ScaleOutTraffic;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The deployment as a deployment: two app containers of the streams-app image beside the broker and registry
 * containers, on the host network with fixed ports. Both app containers take partitions of events, every event has
 * exactly one prediction, and either instance answers an interactive query for any entity.
 */
@ExtendWith(SharedServices.Extension.class)
class ContainerScaleOutSystemTest {

    private static final String NAME = "scale";
    private static final String MODEL = "scale-m";
    private static final List<Integer> APP_PORTS = List.of(18091, 18092);
    private static final int ENTITIES = 12;
    private static final int EVENTS = 48;
    private static final TopicSet TOPICS = TopicSet.named(NAME);

    private static SharedServices services;
    private static AppGroup apps;

    @BeforeAll
    static void startApps(SharedServices shared) {
        services = shared;
        services.prepare(TOPICS, MODEL);
        apps = new AppGroup(services, "tempora-" + NAME, TOPICS, MODEL, APP_PORTS);
        ImageContainers.startAll(apps.containers());
    }

    @AfterAll
    static void stopApps() {
        if (apps != null) {
            ImageContainers.stopAll(apps.containers());
        }
    }

    private static String entity(int i) {
        return "c-" + (i % ENTITIES);
    }

    @Test
    void twoAppContainersSharePartitionsPredictEveryEventOnceAndAnswerForEveryEntity() {
        Await.until(apps::everyMemberHoldsPartitions, "both app containers holding partitions of " + TOPICS.events());

        ScaleOutTraffic.produce(
                services.clientConfig(), TOPICS.events(), EVENTS, ENTITIES, ContainerScaleOutSystemTest::entity);
        CommittedPredictions.Tally tally = CommittedPredictions.await(services, TOPICS.predictions(), EVENTS)
                .tally(0, EVENTS);
        tally.assertEveryEventOnce();

        for (AppInstance app : apps.instances()) {
            Await.until(() -> answersEveryEntity(app), app.name() + " answering for every entity");
        }
    }

    private static boolean answersEveryEntity(AppInstance app) {
        for (int i = 0; i < ENTITIES; i++) {
            if (app.get("/entities/" + entity(i))
                    .map(r -> r.statusCode() != 200)
                    .orElse(true)) {
                return false;
            }
        }
        return true;
    }
}
