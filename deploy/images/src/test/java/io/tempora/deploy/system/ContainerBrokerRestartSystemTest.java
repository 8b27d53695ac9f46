package io.tempora.deploy.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The broker restarted mid-stream ({@code docker stop}, down a few seconds, {@code docker start} of the same
 * container): two app containers and the training service in its container reconnect by themselves. Every event
 * the producer sent (idempotent, so its retries across the outage are written once) has exactly one committed
 * prediction; both apps are ready and hold partitions again; and the trainer's first run after the stream reads
 * every event of the topic without having been restarted.
 */
@ExtendWith(SharedServices.Extension.class)
class ContainerBrokerRestartSystemTest {

    private static final String NAME = "restart";
    private static final String MODEL = "restart-m";
    private static final List<Integer> APP_PORTS = List.of(18111, 18112);
    private static final int EVENTS = MidStream.EVENTS;
    /** How long the broker stays down between its stop and its start. */
    private static final Duration DOWN = Duration.ofSeconds(5);
    /** The training service's period: short, so that a run follows the outage soon. */
    private static final String TRAIN_EVERY = "15s";
    /**
     * More events than the test sends: each run reads the whole window and then skips training, which is what
     * reconnecting needs to show, without spending the machine's cores on training.
     */
    private static final String TRAIN_MIN_EVENTS = "1000000";
    /** A read that stalls this long (ms) fails its attempt and is retried, rather than waiting the default 2 min. */
    private static final String TRAIN_READ_TIMEOUT_MS = "10000";

    private static final TopicSet TOPICS = TopicSet.named(NAME);

    private static SharedServices services;
    private static AppGroup apps;
    private static TrainerContainer trainer;

    @BeforeAll
    static void startAppsAndTrainer(SharedServices shared) {
        services = shared;
        services.prepare(TOPICS, MODEL);
        apps = new AppGroup(services, "tempora-" + NAME, TOPICS, MODEL, APP_PORTS);
        trainer = new TrainerContainer(
                services,
                NAME + "-trainer",
                TOPICS,
                MODEL,
                "train",
                "--config",
                TrainerContainer.CONFIG,
                "--every",
                TRAIN_EVERY);
        trainer.container()
                .withEnv("TEMPORA_TRAIN_MIN_EVENTS", TRAIN_MIN_EVENTS)
                .withEnv("TEMPORA_TRAIN_READ_TIMEOUT_MS", TRAIN_READ_TIMEOUT_MS)
                .waitingFor(Wait.forLogMessage(".*TRAIN \\{.*", 1).withStartupTimeout(ImageContainers.STARTUP));
        ImageContainers.startAll(containers());
    }

    @AfterAll
    static void stopAppsAndTrainer() {
        if (apps != null) {
            ImageContainers.stopAll(containers());
        }
    }

    private static List<GenericContainer<?>> containers() {
        return apps.containersWith(trainer.container());
    }

    @Test
    void appsAndTrainerReconnectAfterABrokerRestartWithEveryEventPredictedOnce() throws InterruptedException {
        Await.until(apps::everyMemberHoldsPartitions, "both app containers holding partitions of " + TOPICS.events());
        PacedEvents stream = MidStream.startAndAwaitQuarter(services, TOPICS);
        int sentAtStop = stream.answered();
        Instant stopped = Instant.now();
        services.restartBroker(DOWN);
        Instant back = Instant.now();
        assertThat(stream.await()).isEqualTo(EVENTS);
        Instant streamEnd = Instant.now();

        CommittedPredictions.Tally tally = CommittedPredictions.await(services, TOPICS.predictions(), EVENTS)
                .tally(0, EVENTS);
        tally.assertEveryEventOnce();
        Await.until(() -> apps.allReady() && apps.everyMemberHoldsPartitions(), "both apps ready, holding partitions");

        Await.until(
                () -> trainer.runs().stream().anyMatch(r -> !r.startedAt().isBefore(streamEnd)),
                "a training run started after the stream");
        TrainerContainer.Run after = trainer.runs().stream()
                .filter(r -> !r.startedAt().isBefore(streamEnd))
                .findFirst()
                .orElseThrow();
        List<TrainerContainer.Run> failed = trainer.runs().stream()
                .filter(r -> r.decision().equals("failed"))
                .toList();
        System.out.printf(
                "broker restart: %s; %d events sent when the broker stopped, down %d s from stop to serving again; "
                        + "trainer runs %d, failed during the outage %d, first after the stream: %s%n",
                tally,
                sentAtStop,
                Duration.between(stopped, back).toSeconds(),
                trainer.runs().size(),
                failed.size(),
                after.line());
        assertThat(trainer.container().isRunning())
                .as("the training service still runs")
                .isTrue();
        assertThat(after.decision()).as(after.line()).isEqualTo("skipped");
        assertThat(after.recordsRead())
                .as("events the trainer read after the restart: %s", after.line())
                .isEqualTo(EVENTS);
    }
}
