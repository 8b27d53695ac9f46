package io.tempora.bench.faults;

import io.tempora.demo.Demo;
import io.tempora.streams.TemporaConfig;
import io.tempora.streams.testing.ChildJvm;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The product with the demo's settings as a child process ({@code tempora serve --config FILE}, {@link ChildJvm}), for
 * the runs that kill it or measure its process alone: its configuration file, written once, and its starts.
 */
final class ChildProduct {

    /**
     * A killed member never leaves its group. With a static {@code group.instance.id} (the same across the
     * restarts of one instance, as a process supervisor restarts it in place) the restarted app takes over the dead
     * member's partitions at once; the smallest session timeout the broker allows bounds the wait otherwise. Neither
     * changes what is committed: the restarted producer still fences the dead one and aborts its open transaction.
     */
    static final int SESSION_TIMEOUT_MS = 6_000;

    static final int HEARTBEAT_INTERVAL_MS = 1_000;
    /** The child's heap, fixed so that its resident memory is comparable across runs. */
    static final String HEAP = "2g";

    private final Path config;
    private final Path dir;
    private final List<String> jvmOptions;
    private int starts;

    /**
     * Writes the configuration file under {@code dir}: the demo's app properties for {@code clients} with
     * application id {@code appId}, input {@code events}, output {@code predictions}, state under {@code dir/state};
     * {@code jvmOptions} are added to the heap setting at every start.
     */
    ChildProduct(
            Map<String, Object> clients,
            Path dir,
            double unitMs,
            String appId,
            String events,
            String predictions,
            List<String> jvmOptions)
            throws IOException {
        this.dir = Files.createDirectories(dir).toAbsolutePath();
        this.jvmOptions = jvmOptions;
        Properties p = new Properties();
        Demo.appProperties(clients, this.dir.resolve("state"), unitMs)
                .forEach((k, v) -> p.setProperty(k, v.toString()));
        p.setProperty(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        p.setProperty(TemporaConfig.EVENTS_TOPIC_CONFIG, events);
        p.setProperty(TemporaConfig.PREDICTIONS_TOPIC_CONFIG, predictions);
        p.setProperty(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.toString(SESSION_TIMEOUT_MS));
        p.setProperty(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Integer.toString(HEARTBEAT_INTERVAL_MS));
        p.setProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, appId + "-instance");
        config = this.dir.resolve("app.properties");
        try (Writer w = Files.newBufferedWriter(config)) {
            p.store(w, "./bench.sh faults: " + appId);
        }
    }

    /** Where its configuration, state and logs are. */
    Path dir() {
        return dir;
    }

    /** Starts the app once more on the same configuration and state directory; its log is {@code dir/app-N.log}. */
    ChildJvm start() {
        starts++;
        List<String> options = new ArrayList<>();
        options.add("-Xmx" + HEAP);
        options.addAll(jvmOptions);
        return ChildJvm.temporaServe(config, dir.resolve("app-" + starts + ".log"), options);
    }
}
