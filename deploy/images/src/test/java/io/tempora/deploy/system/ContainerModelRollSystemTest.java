package io.tempora.deploy.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.schemas.Prediction;
import io.tempora.streams.testing.ScaleOutTraffic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;

/**
 * A rolling model update across two app containers: while events stream in, one run of the trainer image trains on
 * them (warm, from the serving version 1) and publishes version 2; both instances come to serve it by themselves.
 * Every event has exactly one prediction, those made before the trainer ran by version 1 and those sent after both
 * instances serve version 2 by version 2, and no partition goes back to version 1 once it has a prediction of 2.
 */
@ExtendWith(SharedServices.Extension.class)
class ContainerModelRollSystemTest {

    private static final String NAME = "roll";
    private static final String MODEL = "roll-m";
    private static final List<Integer> APP_PORTS = List.of(18121, 18122);
    private static final int ENTITIES = 24;
    /** Events predicted before the trainer runs: what it trains on (more than its minimum, 100). */
    private static final int BEFORE = 240;
    /** At most this many events stream in while the trainer runs and the instances switch. */
    private static final int DURING_AT_MOST = 5_000;
    /** Events sent once both instances serve the new version. */
    private static final int AFTER = 96;

    private static final Duration PAUSE = Duration.ofMillis(50);
    /** How long the trainer's run may take, its JVM's start and its training budget included. */
    private static final Duration TRAINER_RUN = Duration.ofMinutes(5);
    /** The training budget of the run, seconds: enough to improve on a small untrained version. */
    private static final String TRAIN_SECONDS = "20";

    private static final TopicSet TOPICS = TopicSet.named(NAME);

    private static SharedServices services;
    private static AppGroup apps;
    private static TrainerContainer trainer;

    @BeforeAll
    static void startApps(SharedServices shared) {
        services = shared;
        services.prepare(TOPICS, MODEL);
        apps = new AppGroup(services, "tempora-" + NAME, TOPICS, MODEL, APP_PORTS);
        trainer = new TrainerContainer(
                services, NAME + "-trainer", TOPICS, MODEL, "train", "--config", TrainerContainer.CONFIG, "--once");
        trainer.container()
                .withEnv("TEMPORA_TRAIN_SECONDS", TRAIN_SECONDS)
                // Any improvement publishes: the test is about the roll, not the gate.
                .withEnv("TEMPORA_TRAIN_MARGIN", "0")
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(TRAINER_RUN));
        ImageContainers.startAll(apps.containers());
    }

    @AfterAll
    static void stopApps() {
        if (apps != null) {
            trainer.container().stop();
            ImageContainers.stopAll(apps.containers());
        }
    }

    private static String entity(int i) {
        return "c-" + (i % ENTITIES);
    }

    @Test
    void bothInstancesServeTheTrainersNewVersionWithNoPredictionMissingAroundTheSwitch() {
        Await.until(apps::everyMemberHoldsPartitions, "both app containers holding partitions of " + TOPICS.events());
        ScaleOutTraffic.produce(
                services.clientConfig(), TOPICS.events(), BEFORE, ENTITIES, ContainerModelRollSystemTest::entity);
        CommittedPredictions.await(services, TOPICS.predictions(), BEFORE);

        PacedEvents during = new PacedEvents(
                services.clientConfig(),
                TOPICS.events(),
                BEFORE,
                BEFORE + DURING_AT_MOST,
                ENTITIES,
                ContainerModelRollSystemTest::entity,
                ScaleOutTraffic.startOfEvents(),
                PAUSE);
        trainer.container().start(); // returns when the run has ended with status 0
        TrainerContainer.Run run = trainer.runs().get(0);
        assertThat(run.decision()).as(run.line()).isEqualTo("published");
        assertThat(run.publishedVersion()).as(run.line()).contains(2L);
        Await.until(() -> apps.allServe(2), "both instances serving version 2");
        int switched = during.stop();
        int total = switched + AFTER;
        new PacedEvents(
                        services.clientConfig(),
                        TOPICS.events(),
                        switched,
                        total,
                        ENTITIES,
                        ContainerModelRollSystemTest::entity,
                        ScaleOutTraffic.startOfEvents(),
                        Duration.ZERO)
                .await();

        CommittedPredictions predictions = CommittedPredictions.await(services, TOPICS.predictions(), total);
        CommittedPredictions.Tally tally = predictions.tally(0, total);
        Map<String, Prediction> byEvent = predictions.bySourceEvent();
        long duringOnV2 = IntStream.range(BEFORE, switched)
                .filter(i -> byEvent.get(ScaleOutTraffic.eventId(i)).getModelVersion() == 2)
                .count();
        System.out.printf(
                "model roll: %s; %d before the trainer (version 1), %d during the run and the switch (%d by version "
                        + "2), %d after both served version 2; trainer: %s%n",
                tally, BEFORE, switched - BEFORE, duringOnV2, AFTER, run.line());
        tally.assertEveryEventOnce();
        for (int i = 0; i < total; i++) {
            long version = byEvent.get(ScaleOutTraffic.eventId(i)).getModelVersion();
            if (i < BEFORE) {
                assertThat(version)
                        .as("version of ev-%d, before the trainer ran", i)
                        .isEqualTo(1);
            } else if (i >= switched) {
                assertThat(version)
                        .as("version of ev-%d, after both served 2", i)
                        .isEqualTo(2);
            }
        }
        predictions.versionsByPartition().forEach((partition, versions) -> assertThat(versions)
                .as("model versions of partition %d in offset order", partition)
                .isSorted());
    }
}
