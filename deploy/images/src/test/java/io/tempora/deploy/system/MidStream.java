package io.tempora.deploy.system;

import io.tempora.streams.testing.ScaleOutTraffic;
import java.time.Duration;

/**
 * The traffic of the tests that break something mid-stream (a crash, a broker restart): {@value #EVENTS} events of
 * {@value #ENTITIES} entities, 30 ms apart (about 15 s), and the point a quarter in, when the fault comes, with
 * work in flight.
 */
final class MidStream {

    static final int ENTITIES = 24;
    static final int EVENTS = 480;

    private static final Duration PAUSE = Duration.ofMillis(30);
    private static final int FAULT_AFTER_PREDICTIONS = EVENTS / 4;

    private MidStream() {}

    /** The entity of the i-th event. */
    static String entity(int i) {
        return "c-" + (i % ENTITIES);
    }

    /**
     * Starts the stream into {@code topics}' events topic and returns it once a quarter of the events have committed
     * predictions.
     */
    static PacedEvents startAndAwaitQuarter(SharedServices services, TopicSet topics) {
        PacedEvents stream = new PacedEvents(
                services.clientConfig(),
                topics.events(),
                0,
                EVENTS,
                ENTITIES,
                MidStream::entity,
                ScaleOutTraffic.startOfEvents(),
                PAUSE);
        CommittedPredictions.await(services, topics.predictions(), FAULT_AFTER_PREDICTIONS);
        return stream;
    }
}
