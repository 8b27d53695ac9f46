package io.tempora.streams.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tempora.streams.model.ModelCatalog;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's HTTP endpoints on the JDK's HTTP server (no dependency), read-only, GET only:
 *
 * <ul>
 *   <li>{@code /health/live}, {@code /health/ready}: the probes ({@link Health});
 *   <li>{@code /metrics}: every meter in Prometheus text format;
 *   <li>{@code /entities/{id}} and {@code /entities/{id}/prediction?at=&horizons=}: interactive queries,
 *       answered from this instance's store ({@link EntityQueries}) when it owns the entity's partition,
 *       forwarded to the owner otherwise, and answered from a local standby copy, marked stale, when the owner
 *       cannot answer ({@link EntityRouter});
 *   <li>{@code /models}: serving, pinned, accepted and refused versions ({@link ModelsView}).
 * </ul>
 *
 * A small fixed pool of worker threads answers, each with its own scorer, so that queries never run on a
 * stream thread.
 */
public final class TemporaHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TemporaHttpServer.class);
    /** Worker threads: queries are CPU-bound ODE solves, and the machine the app runs on is small. */
    private static final int WORKERS = 2;
    /** Connections waiting to be accepted. */
    private static final int BACKLOG = 64;
    /** Seconds {@link #close} lets exchanges in progress finish. */
    private static final int STOP_DELAY_SECONDS = 1;

    private static final String ENTITIES = "/entities/";
    private static final String PREDICTION = "/prediction";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    /**
     * The JDK server's switch for TCP_NODELAY on its connections. Without it a small answer on a kept-alive
     * connection waits for the client's delayed acknowledgement (Nagle's algorithm): about 40 ms per request on
     * Linux, for every endpoint. The server reads it once, when its first instance is made, so it is set before
     * {@link #bind}; a value the operator set on the command line is left as it is.
     */
    public static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    static {
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService workers;
    private final Health health;
    private final EntityQueries queries;
    private final ModelsView models;
    private final EntityRouter router;
    private final PrometheusMeterRegistry meters;

    private TemporaHttpServer(
            HttpServer server,
            ExecutorService workers,
            Health health,
            EntityQueries queries,
            ModelsView models,
            EntityRouter router,
            PrometheusMeterRegistry meters) {
        this.server = server;
        this.workers = workers;
        this.health = health;
        this.queries = queries;
        this.models = models;
        this.router = router;
        this.meters = meters;
    }

    /**
     * Binds {@code host:port} (port 0: a free one) without answering yet: the bound address is what Kafka
     * Streams advertises as this instance's {@code application.server}, so it is known before Kafka Streams
     * is built.
     */
    public static HttpServer bind(String host, int port) throws IOException {
        return HttpServer.create(new InetSocketAddress(host, port), BACKLOG);
    }

    /**
     * Starts answering on {@code server} (from {@link #bind}).
     *
     * @param self this instance's {@code host:port} as advertised in {@code application.server}
     * @param forwardTimeout how long a query forwarded to another instance waits for it
     * @param horizonsMs the horizons of a prediction query that names none
     * @param maxTypes the most types a queried prediction lists
     * @param modelRequired whether readiness needs a serving model
     */
    public static TemporaHttpServer start(
            HttpServer server,
            HostInfo self,
            Duration forwardTimeout,
            KafkaStreams streams,
            ModelCatalog catalog,
            String modelName,
            boolean modelRequired,
            double[] horizonsMs,
            int maxTypes,
            PrometheusMeterRegistry meters) {
        AtomicInteger n = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS, r -> {
            Thread t = new Thread(r, "tempora-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        TemporaHttpServer s = new TemporaHttpServer(
                server,
                workers,
                new Health(streams::state, catalog, modelName, modelRequired),
                new EntityQueries(streams, catalog, horizonsMs, maxTypes),
                new ModelsView(catalog, modelName),
                new EntityRouter(streams, self, forwardTimeout),
                meters);
        server.createContext("/", s::handle);
        server.setExecutor(workers);
        server.start();
        LOG.info(
                "HTTP on http://{}:{}/ (health, metrics, entities, models), advertised to the other instances as {}",
                s.address().getHostString(),
                s.address().getPort(),
                EntityRouter.label(self));
        return s;
    }

    /** The bound address (its port is the one taken when 0 was configured). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Answer answer;
        try {
            answer = route(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI(),
                    exchange.getRequestHeaders().containsKey(EntityRouter.FORWARDED));
        } catch (RuntimeException e) {
            LOG.warn("HTTP {} failed", exchange.getRequestURI().getPath(), e);
            answer = Answer.error(500, "internal error: " + e);
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private Answer route(String method, URI uri, boolean forwarded) {
        String path = uri.getRawPath();
        if (!method.equals("GET")) {
            return Answer.error(405, method + " " + path + ": only GET is served")
                    .withHeader("Allow", "GET");
        }
        switch (path) {
            case "/health/live":
                return health.live();
            case "/health/ready":
                return health.ready();
            case "/metrics":
                return new Answer(200, PROMETHEUS_TEXT, meters.scrape(), Map.of());
            case "/models":
                return models.models();
            default:
                break;
        }
        if (path.startsWith(ENTITIES) && path.length() > ENTITIES.length()) {
            String rest = path.substring(ENTITIES.length());
            String pathAndQuery = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
            if (rest.endsWith(PREDICTION) && rest.length() > PREDICTION.length()) {
                String id = decode(rest.substring(0, rest.length() - PREDICTION.length()));
                Map<String, String> query = query(uri.getRawQuery());
                return router.route(id, pathAndQuery, forwarded, copy -> queries.prediction(id, query, copy));
            }
            if (!rest.contains("/")) {
                String id = decode(rest);
                return router.route(id, pathAndQuery, forwarded, copy -> queries.summary(id, copy));
            }
        }
        return Answer.error(
                404,
                "no endpoint " + path + "; endpoints: /health/live, /health/ready, /metrics, /models, "
                        + "/entities/{id}, /entities/{id}/prediction?at=&horizons=");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.put(k, v);
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** Stops answering (exchanges in progress get {@link #STOP_DELAY_SECONDS}) and ends the workers. */
    @Override
    public void close() {
        server.stop(STOP_DELAY_SECONDS);
        workers.shutdown();
        try {
            workers.awaitTermination(STOP_DELAY_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
