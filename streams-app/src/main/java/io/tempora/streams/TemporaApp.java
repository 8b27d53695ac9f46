package io.tempora.streams;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tempora.streams.http.CatalogMeters;
import io.tempora.streams.http.EntityStoreMeters;
import io.tempora.streams.http.TemporaHttpServer;
import io.tempora.streams.model.ModelCatalog;
import io.tempora.streams.model.ModelFollower;
import io.tempora.streams.model.ModelValidator;
import io.tempora.streams.model.ServingModel;
import io.tempora.streams.model.SignatureVerifier;
import io.tempora.streams.processor.ProcessorMetrics;
import io.tempora.streams.processor.ProcessorSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
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
 *
 * <p>With HTTP enabled, the advertised HTTP address ({@code tempora.http.advertised.host} and {@code .port},
 * by default the bound address) is Kafka Streams' {@code application.server}: instances of the same
 * {@code application.id} learn from it where each partition's entities are served, and forward entity
 * queries there.
 */
public final class TemporaApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TemporaApp.class);
    /** How long {@link #close} waits for Kafka Streams to commit and stop. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

    private final TemporaConfig config;
    private final ModelCatalog catalog;
    private final ModelFollower follower;
    private final KafkaStreams streams;
    private final PrometheusMeterRegistry meters;
    private final KafkaStreamsMetrics streamsMetrics;
    private final TemporaHttpServer http;
    private final AtomicBoolean closed = new AtomicBoolean();

    private TemporaApp(
            TemporaConfig config,
            ModelCatalog catalog,
            ModelFollower follower,
            KafkaStreams streams,
            PrometheusMeterRegistry meters,
            KafkaStreamsMetrics streamsMetrics,
            TemporaHttpServer http) {
        this.config = config;
        this.catalog = catalog;
        this.follower = follower;
        this.streams = streams;
        this.meters = meters;
        this.streamsMetrics = streamsMetrics;
        this.http = http;
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
        // The HTTP port is bound before Kafka Streams is built: the advertised address (with the bound port
        // when 0 is configured) is this instance's application.server, through which other instances find it.
        HttpServer bound = null;
        HostInfo self = null;
        Properties streamsProperties = config.streamsProperties();
        if (config.httpEnabled()) {
            try {
                bound = TemporaHttpServer.bind(config.httpHost(), config.httpPort());
            } catch (IOException e) {
                follower.close();
                throw new UncheckedIOException(
                        "cannot serve HTTP on " + config.httpHost() + ":" + config.httpPort() + " ("
                                + TemporaConfig.HTTP_HOST_CONFIG + ", " + TemporaConfig.HTTP_PORT_CONFIG + ")",
                        e);
            }
            self = new HostInfo(
                    config.httpAdvertisedHost(),
                    config.httpAdvertisedPort(bound.getAddress().getPort()));
            streamsProperties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        }
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new CatalogMeters(catalog, name).bindTo(meters);
        ProcessorMetrics processorMetrics = new ProcessorMetrics(meters);
        KafkaStreams streams =
                new KafkaStreams(TemporaTopology.build(config, serving, processorMetrics), streamsProperties);
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(meters);
        new EntityStoreMeters(streams, processorMetrics.entityCounts()).bindTo(meters);
        streams.setUncaughtExceptionHandler(e -> {
            if (isRetriable(e)) {
                LOG.warn("a stream thread failed on a transient error and is replaced: {}", e.toString());
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            }
            LOG.error("a stream thread failed on an unexpected error; shutting the application down", e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        TemporaHttpServer http = null;
        if (bound != null) {
            http = TemporaHttpServer.start(
                    bound,
                    self,
                    config.httpForwardTimeout(),
                    streams,
                    catalog,
                    name,
                    config.modelRequired(),
                    ProcessorSettings.of(config).horizonsMs(),
                    config.predictionMaxTypes(),
                    meters);
        }
        streams.start();
        return new TemporaApp(config, catalog, follower, streams, meters, streamsMetrics, http);
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

    /** Every meter of the app (what {@code /metrics} serves). */
    public PrometheusMeterRegistry meters() {
        return meters;
    }

    /** The HTTP server's bound address, if HTTP is enabled. */
    public Optional<InetSocketAddress> httpAddress() {
        return http == null ? Optional.empty() : Optional.of(http.address());
    }

    /**
     * Stops Kafka Streams (committing what it has processed) and the follower; a second call does nothing.
     * Kafka Streams leaves its consumer group as it closes, so that the other instances take this one's
     * partitions at once rather than after the session timeout.
     */
    @Override
    public void close() {
        close(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
    }

    /**
     * Stops like {@link #close()} but stays in the consumer group, as a process that dies does: this
     * instance's partitions move only when the consumer's session times out ({@code session.timeout.ms}),
     * and until then the other instances answer its entities from their standby replicas, marked stale.
     * For a restart that should find its partitions still assigned (with a static {@code group.instance.id})
     * and for failover drills.
     */
    public void closeStayingInGroup() {
        close(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP);
    }

    private void close(CloseOptions.GroupMembershipOperation membership) {
        if (closed.getAndSet(true)) {
            return;
        }
        if (http != null) {
            http.close();
        }
        streams.close(CloseOptions.timeout(CLOSE_TIMEOUT).withGroupMembershipOperation(membership));
        streamsMetrics.close();
        follower.close();
        meters.close();
    }
}
