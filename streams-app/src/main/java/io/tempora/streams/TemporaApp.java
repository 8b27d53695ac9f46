package io.tempora.streams;

import io.tempora.streams.model.ModelCatalog;
import io.tempora.streams.model.ModelFollower;
import io.tempora.streams.model.ModelValidator;
import io.tempora.streams.model.ServingModel;
import io.tempora.streams.model.SignatureVerifier;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running application: the model follower (validates every version on {@code tempora.models.topic}
 * before any stream thread sees it) and Kafka Streams running {@link TemporaTopology}.
 *
 * <p>A stream thread that fails on a retriable error (a schema-registry outage that outlasted
 * {@code tempora.registry.retry.ms}, a broker timeout) is replaced: it resumes from the last committed
 * offsets, so under exactly-once nothing is lost or duplicated. Any other failure is a defect, not a bad
 * record (bad records are dead-lettered by the processor), and shuts the client down.
 */
public final class TemporaApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TemporaApp.class);
    /** How long {@link #close} waits for Kafka Streams to commit and stop. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

    private final TemporaConfig config;
    private final ModelCatalog catalog;
    private final ModelFollower follower;
    private final KafkaStreams streams;

    private TemporaApp(TemporaConfig config, ModelCatalog catalog, ModelFollower follower, KafkaStreams streams) {
        this.config = config;
        this.catalog = catalog;
        this.follower = follower;
        this.streams = streams;
    }

    /**
     * Starts the follower, waits up to {@code modelWait} for it to read the models topic to its end (so that
     * the first events are scored by the newest model rather than reported without one), then starts
     * Kafka Streams.
     */
    public static TemporaApp start(TemporaConfig config, Duration modelWait) throws InterruptedException {
        Map<String, Long> pins = new HashMap<>();
        if (config.pinnedVersion() >= 0) {
            pins.put(config.modelName(), config.pinnedVersion());
        }
        ModelCatalog catalog = new ModelCatalog(pins);
        String key = config.verificationKey();
        ModelValidator validator = new ModelValidator(
                key.isEmpty() ? Optional.empty() : Optional.of(SignatureVerifier.fromBase64X509(key)));
        Map<String, Object> followerConfig = new HashMap<>(config.serdeConfigs());
        ModelFollower follower = new ModelFollower(followerConfig, config.modelsTopic(), validator, catalog);
        follower.start();
        if (!follower.awaitCaughtUp(modelWait)) {
            LOG.warn(
                    "the models topic {} was not read to its end within {} s; starting without waiting for it",
                    config.modelsTopic(),
                    modelWait.toSeconds());
        }
        String name = config.modelName();
        Supplier<ServingModel> serving = () -> catalog.serving(name).orElse(null);
        KafkaStreams streams = new KafkaStreams(TemporaTopology.build(config, serving), config.streamsProperties());
        streams.setUncaughtExceptionHandler(e -> {
            if (isRetriable(e)) {
                LOG.warn("a stream thread failed on a transient error and is replaced: {}", e.toString());
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            }
            LOG.error("a stream thread failed on an unexpected error; shutting the application down", e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
        return new TemporaApp(config, catalog, follower, streams);
    }

    private static boolean isRetriable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** The validated and refused model versions. */
    public ModelCatalog catalog() {
        return catalog;
    }

    public TemporaConfig config() {
        return config;
    }

    /** Stops Kafka Streams (committing what it has processed) and the follower. */
    @Override
    public void close() {
        streams.close(CLOSE_TIMEOUT);
        follower.close();
    }
}
