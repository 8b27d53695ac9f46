package io.tempora.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.schemas.PredictionTrigger;
import io.tempora.schemas.testing.RegistryDevServer;
import io.tempora.streams.TemporaApp;
import io.tempora.streams.TemporaConfig;
import io.tempora.streams.processor.ProcessorMetrics;
import io.tempora.streams.testing.EmbeddedKafka;
import io.tempora.streams.testing.ScaleOutTraffic;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What the integration tests that run several app instances share: the clients' and the instances'
 * configuration, the small test model published as version 1, waiting for a condition, and counting an
 * instance's tasks.
 */
final class Instances {

    /** How long a test waits for a condition before it fails. */
    static final Duration WAIT = Duration.ofSeconds(120);

    private static final Duration CONDITION_POLL = Duration.ofMillis(100);

    private Instances() {}

    /** The broker and the registry, for clients and serdes. */
    static Map<String, Object> clientConfig(EmbeddedKafka kafka, RegistryDevServer registry) {
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", kafka.bootstrapServers());
        c.put("schema.registry.url", registry.confluentApiUrl());
        return c;
    }

    /**
     * One instance of {@code applicationId} serving {@code model}, with its own state directory and a short
     * commit interval, plus {@code extra} keys.
     */
    static TemporaConfig appConfig(
            Map<String, Object> clientConfig,
            String applicationId,
            String model,
            Path stateDir,
            Map<String, Object> extra) {
        Map<String, Object> p = new HashMap<>(clientConfig);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        p.put(TemporaConfig.MODEL_NAME_CONFIG, model);
        p.putAll(extra);
        return new TemporaConfig(p);
    }

    /** Publishes version 1 of {@code model}: types click and buy, one feature, amount. */
    static void publishModel(Map<String, Object> clientConfig, String model) {
        ScaleOutTraffic.publishSmallModel(clientConfig, model, WAIT);
    }

    /** The EVENT predictions {@code app} has written. */
    static double eventPredictions(TemporaApp app) {
        return app.meters()
                .counter(ProcessorMetrics.PREDICTIONS, ProcessorMetrics.TRIGGER_TAG, PredictionTrigger.EVENT.name())
                .count();
    }

    /** Waits until {@code condition} holds; fails naming {@code what} after {@link #WAIT}. */
    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(CONDITION_POLL.toMillis());
        }
    }

    /** The active (or standby) tasks of {@code app}'s stream threads. */
    static int tasks(TemporaApp app, boolean standby) {
        return app.streams().metadataForLocalThreads().stream()
                .map(t -> standby ? t.standbyTasks() : t.activeTasks())
                .mapToInt(Set::size)
                .sum();
    }

    /** {@code host:port} as {@link EntityRouter#SERVED_BY} names an instance bound to {@code address}. */
    static String label(InetSocketAddress address) {
        return "127.0.0.1:" + address.getPort();
    }
}
