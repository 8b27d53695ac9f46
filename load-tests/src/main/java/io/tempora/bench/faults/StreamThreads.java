package io.tempora.bench.faults;

import io.tempora.streams.TemporaApp;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;

/**
 * Whether an app's stream threads survived a run: a thread that dies is replaced (or not) under another name, so the
 * names at the start that are gone at the end count the deaths.
 */
final class StreamThreads {

    private StreamThreads() {}

    /** The names of {@code app}'s stream threads now. */
    static Set<String> names(TemporaApp app) {
        return app.streams().metadataForLocalThreads().stream()
                .map(ThreadMetadata::threadName)
                .collect(Collectors.toSet());
    }

    /**
     * The threads of {@code atStart} that {@code app} no longer has, plus one if it is not {@code RUNNING} (a dead
     * application may still list its threads).
     */
    static long died(TemporaApp app, Set<String> atStart) {
        Set<String> now = names(app);
        long gone = atStart.stream().filter(n -> !now.contains(n)).count();
        return gone + (app.streams().state() == KafkaStreams.State.RUNNING ? 0 : 1);
    }
}
