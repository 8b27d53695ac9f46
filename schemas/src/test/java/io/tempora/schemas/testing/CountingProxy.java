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

/**
 * An HTTP proxy on 127.0.0.1 in front of a real registry that records every request it forwards, so that tests
 * count what a client asks of the registry without replacing the registry.
 *
 * <p>{@link #answerWith(int)} makes it answer every request with that HTTP status instead of forwarding, as a
 * load balancer does while the registry behind it is down; {@link #close()} stops it, after which its port
 * refuses connections.
 */
public final class CountingProxy implements AutoCloseable {

    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(10);
    private static final List<String> FORWARDED_HEADERS = List.of("Content-Type", "Accept", "Authorization");

    private final URI target;
    private final HttpServer server;
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
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Root URL of the proxy, standing for the target's root URL. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
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

    /** From now on answers every request with {@code status} (e.g. 503) instead of forwarding it; 0 forwards. */
    public void answerWith(int status) {
        this.failureStatus = status;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            requests.add(exchange.getRequestMethod() + " " + uri.getRawPath());
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
