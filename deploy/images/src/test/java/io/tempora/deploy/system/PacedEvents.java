package io.tempora.deploy.system;

import io.tempora.schemas.serde.EventSerializer;
import io.tempora.streams.testing.ScaleOutTraffic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * {@link ScaleOutTraffic}'s events sent one by one with a pause between them, on a thread of their own, while a
 * test kills, restarts or updates something on its own thread: a stream with a "mid". Every event sent must be
 * acknowledged; the producer is idempotent, so a send retried across a broker restart is written once.
 */
final class PacedEvents {

    private final AtomicInteger sent = new AtomicInteger();
    private volatile boolean stopped;
    private final CompletableFuture<Integer> end;

    /**
     * Starts sending events {@code first} (inclusive) to {@code last} (exclusive) to {@code topic}, {@code pause}
     * apart; the i-th is {@link ScaleOutTraffic#event} of {@code i}.
     */
    PacedEvents(
            Map<String, Object> clientConfig,
            String topic,
            int first,
            int last,
            int entities,
            IntFunction<String> entityOf,
            long t0,
            Duration pause) {
        this.end = CompletableFuture.supplyAsync(() -> {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            int i = first;
            try (EventSerializer serializer = new EventSerializer();
                    KafkaProducer<byte[], byte[]> producer = ScaleOutTraffic.producer(clientConfig)) {
                serializer.configure(clientConfig, false);
                for (; i < last && !stopped; i++) {
                    sends.add(producer.send(
                            ScaleOutTraffic.record(topic, serializer, ScaleOutTraffic.event(i, entities, entityOf, t0)),
                            (metadata, failure) -> sent.incrementAndGet()));
                    pause(pause);
                }
                producer.flush();
                sends.forEach(ScaleOutTraffic::acknowledged);
            }
            return i;
        });
    }

    /** How many sends have been answered so far (acknowledged or failed). */
    int answered() {
        return sent.get();
    }

    /** Waits until every event is sent and acknowledged; returns the index after the last one. */
    int await() {
        try {
            return end.get();
        } catch (ExecutionException e) {
            throw new AssertionError("the paced events: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Stops sending after the current event, waits for the acknowledgements; returns the index after the last one. */
    int stop() {
        stopped = true;
        return await();
    }

    private static void pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted between events", e);
        }
    }
}
