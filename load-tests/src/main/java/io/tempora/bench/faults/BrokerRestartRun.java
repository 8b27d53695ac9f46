package io.tempora.bench.faults;

import io.tempora.bench.e2e.Backlog;
import io.tempora.demo.Demo;
import io.tempora.demo.SimulatedEntities;
import io.tempora.schemas.serde.EventSerializer;
import io.tempora.streams.TemporaApp;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * The broker-restart run: a paced stream of good events through a running product app, and a third of the way
 * through, the broker restarted by the caller (in {@code ./bench.sh faults}: a broker in a child process, SIGKILLed,
 * left down for a while and started again at the same address and log directory). The producer (idempotent,
 * {@code acks=all}) and the app (exactly-once) reconnect on their own; afterwards every acknowledged event must have
 * exactly one EVENT prediction in the committed output.
 */
final class BrokerRestartRun {

    /** Longest the app may take to work off the stream after the restart before the run gives up. */
    static final Duration RUN_LIMIT = Duration.ofMinutes(10);
    /** The share of the stream's length sent before the broker stops. */
    static final double RESTART_AT = 1.0 / 3;

    /**
     * What the run found.
     *
     * @param eventsSent   events the broker acknowledged
     * @param missing      acknowledged events without an EVENT prediction
     * @param duplicated   acknowledged events with more than one
     * @param threadsDied  as {@link StreamThreads#died}
     */
    record Outcome(long eventsSent, long missing, long duplicated, long threadsDied) {}

    private final Map<String, Object> clients;
    private final String eventsTopic;
    private final String predictionsTopic;

    BrokerRestartRun(Map<String, Object> clients, String eventsTopic, String predictionsTopic) {
        this.clients = clients;
        this.eventsTopic = eventsTopic;
        this.predictionsTopic = predictionsTopic;
    }

    /**
     * Sends {@code events} at {@code rate} per second from {@code load} to {@code app} (application id
     * {@code applicationId}) and calls {@code restartBroker} during the stream.
     */
    Outcome run(
            TemporaApp app,
            String applicationId,
            Admin admin,
            EventSerializer serializer,
            Runnable restartBroker,
            SimulatedEntities load,
            long events,
            double rate)
            throws InterruptedException, ExecutionException {
        Set<String> threadsAtStart = StreamThreads.names(app);
        PacedStream stream =
                new PacedStream(clients, "faults-restart-events", serializer, load, eventsTopic, events, rate);
        TimeUnit.MILLISECONDS.sleep(Math.round(stream.length().toMillis() * RESTART_AT));
        restartBroker.run();
        Set<String> acknowledged = stream.await();
        Map<TopicPartition, Long> ends = Backlog.endOffsets(admin, eventsTopic, Demo.PARTITIONS);
        Backlog.awaitCommitted(
                admin, applicationId, ends, () -> app.streams().state().isRunningOrRebalancing(), RUN_LIMIT);
        long threadsDied = StreamThreads.died(app, threadsAtStart);
        Map<String, Integer> predictions = EventPredictions.count(clients, predictionsTopic, p -> true);
        long missing =
                acknowledged.stream().filter(id -> !predictions.containsKey(id)).count();
        long duplicated = acknowledged.stream()
                .filter(id -> predictions.getOrDefault(id, 0) > 1)
                .count();
        return new Outcome(acknowledged.size(), missing, duplicated, threadsDied);
    }
}
