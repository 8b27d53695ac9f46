package io.tempora.bench.faults;

import io.tempora.demo.LoadGenerator;
import io.tempora.demo.SimulatedEntities;
import io.tempora.schemas.serde.EventSerializer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Good events sent at a steady rate on a thread of their own ({@link LoadGenerator}), while a run injects its fault
 * on the caller's thread; the ids of the events the broker acknowledged are kept for the checks afterwards.
 */
final class PacedStream {

    /** How much longer than its planned length the stream may take (a fault slows it) before it stops. */
    static final Duration SLACK = Duration.ofMinutes(10);

    private final long events;
    private final Duration length;
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<LoadGenerator.Result> result;

    /** Starts sending {@code events} of {@code load} to {@code topic} at {@code rate} per second. */
    PacedStream(
            Map<String, Object> clients,
            String clientId,
            EventSerializer serializer,
            SimulatedEntities load,
            String topic,
            long events,
            double rate) {
        this.events = events;
        this.length = Duration.ofMillis(Math.round(events / rate * 1000));
        this.result = CompletableFuture.supplyAsync(() -> {
            try (KafkaProducer<byte[], byte[]> producer = LoadGenerator.producer(clients, clientId)) {
                return LoadGenerator.run(
                        load,
                        producer,
                        serializer,
                        topic,
                        new LoadGenerator.Limits(events, length.plus(SLACK), rate),
                        (id, time) -> acknowledged.add(id));
            }
        });
    }

    /** How long the stream takes at its rate. */
    Duration length() {
        return length;
    }

    /**
     * Waits until every event is sent and returns the acknowledged ids.
     *
     * @throws IllegalStateException if not every event was acknowledged
     */
    Set<String> await() throws InterruptedException, ExecutionException {
        LoadGenerator.Result sent = result.get();
        if (sent.acknowledged() != events || sent.firstFailure() != null) {
            throw new IllegalStateException("the paced stream: " + sent.acknowledged() + " of " + events
                    + " events acknowledged" + (sent.firstFailure() == null ? "" : "; " + sent.firstFailure()));
        }
        return acknowledged;
    }
}
