package io.tempora.schemas.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP proxy on 127.0.0.1 in front of a real registry that records every request it forwards, so that tests
 * count what a client asks of the registry without replacing the registry.
 *
 * <p>It stands in for the registry's failures too: {@link #answerWith(int)} makes it answer every request with
 * that HTTP status instead of forwarding, as a load balancer does while the registry behind it is down;
 * {@link #freeze()} makes it hold every request unanswered, as a frozen registry does; {@link #refuseConnections()}
 * closes its port, as a stopped registry's refuses connections. {@link #answerWith(int) answerWith(0)} ends any of
 * these: the port listens again and held requests are forwarded. {@link #close()} stops it for good.
 */
public final class CountingProxy implements AutoCloseable {

    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(10);
    private static final List<String> FORWARDED_HEADERS = List.of("Content-Type", "Accept", "Authorization");

    private final URI target;
    private final int port;
    /** Handlers run here rather than on the server's dispatcher, so that a held request does not stop counting. */
    private final ExecutorService handlers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "counting-proxy");
        t.setDaemon(true);
        return t;
    });

    private HttpServer server;
    private volatile CountDownLatch thaw = new CountDownLatch(0);
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(FORWARD_TIMEOUT)
            .build();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int failureStatus;

    /**
     * Starts a proxy forwarding to {@code target}, e.g. a {@link RegistryDevServer#baseUrl()}.
     *
     * @throws IOException if no loopback port can be bound
     */
    public CountingProxy(URI target) throws IOException {
        this.target = target;
        this.server = listen(0);
        this.port = server.getAddress().getPort();
    }

    private HttpServer listen(int onPort) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
        s.createContext("/", this::handle);
        s.setExecutor(handlers);
        s.start();
        return s;
    }

    /** Root URL of the proxy, standing for the target's root URL. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Base URL of the registry's Confluent-compatible API through the proxy (Apicurio's ccompat path). */
    public String confluentApiUrl() {
        return baseUrl() + "/apis/ccompat/v7";
    }

    /** Every request received so far, as {@code "METHOD /path"}, oldest first. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** Forgets the requests received so far. */
    public void reset() {
        requests.clear();
    }

    /**
     * From now on answers every request with {@code status} (e.g. 503) instead of forwarding it; 0 forwards. Ends a
     * {@link #freeze()} (held requests are then answered so) and a {@link #refuseConnections()} (the same port
     * listens again).
     *
     * @throws IOException if the port cannot be bound again
     */
    public synchronized void answerWith(int status) throws IOException {
        this.failureStatus = status;
        if (server == null) {
            server = listen(port);
        }
        thaw.countDown();
    }

    /** From now on holds every request (counted) without answering, until {@link #answerWith(int)}. */
    public synchronized void freeze() {
        thaw = new CountDownLatch(1);
    }

    /** Closes the port, dropping open connections: connections are refused until {@link #answerWith(int)}. */
    public synchronized void refuseConnections() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    @Override
    public synchronized void close() {
        refuseConnections();
        thaw.countDown();
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            requests.add(exchange.getRequestMethod() + " " + uri.getRawPath());
            try {
                thaw.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            int failure = failureStatus;
            if (failure != 0) {
                respond(
                        exchange,
                        failure,
                        "application/json",
                        ("{\"error_code\":" + failure + ",\"message\":\"proxy answers " + failure + "\"}")
                                .getBytes(StandardCharsets.UTF_8));
                return;
            }
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + uri.getRawPath() + query))
                    .timeout(FORWARD_TIMEOUT)
                    .method(
                            exchange.getRequestMethod(),
                            body.length == 0
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(body));
            for (String header : FORWARDED_HEADERS) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    forward.header(header, value);
                }
            }
            HttpResponse<byte[]> answer;
            try {
                answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while forwarding " + uri, e);
            }
            respond(
                    exchange,
                    answer.statusCode(),
                    answer.headers().firstValue("Content-Type").orElse("application/json"),
                    answer.body());
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
