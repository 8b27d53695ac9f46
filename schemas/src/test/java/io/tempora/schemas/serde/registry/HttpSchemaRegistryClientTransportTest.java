package io.tempora.schemas.serde.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.tempora.schemas.Event;
import io.tempora.schemas.serde.SchemaRegistryException;
import io.tempora.schemas.serde.SchemaRegistryUnavailableException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP behaviour the dev registry cannot show (it runs without authentication and never fails): headers,
 * retries of transient failures only, and caching. A scripted JDK HTTP server on 127.0.0.1 stands in for the
 * registry here; the protocol itself is tested against the real registry in the *RegistryTest classes.
 */
class HttpSchemaRegistryClientTransportTest {

    private static final String SCHEMA_ANSWER =
            "{\"schema\":" + quote(Event.getClassSchema().toString()) + "}";

    private HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus = 503;
    private volatile int finalStatus = 200;

    private record Request(String method, String path, String authorization, String accept) {}

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Accept")));
            int status = failuresLeft.getAndDecrement() > 0 ? failureStatus : finalStatus;
            String body = status == 200
                    ? SCHEMA_ANSWER
                    : "{\"error_code\":" + (status == 404 ? 40403 : status) + ",\"message\":\"scripted " + status
                            + "\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void basicCredentialsAreSentAsAuthorizationHeader() {
        client(new RegistryCredentials.Basic("alice:s3cret"), 0).schemaById(1);

        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.authorization()).isEqualTo("Basic YWxpY2U6czNjcmV0");
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.path()).isEqualTo("/schemas/ids/1");
            assertThat(r.accept()).contains("application/vnd.schemaregistry.v1+json");
        });
    }

    @Test
    void bearerTokenIsSentAsAuthorizationHeader() {
        client(new RegistryCredentials.Bearer("tok-123"), 0).schemaById(1);

        assertThat(requests).singleElement().extracting(Request::authorization).isEqualTo("Bearer tok-123");
    }

    @Test
    void noCredentialsNoHeader() {
        client(RegistryCredentials.none(), 0).schemaById(1);

        assertThat(requests).singleElement().extracting(Request::authorization).isNull();
    }

    @Test
    void transientFailuresAreRetriedUntilSuccess() {
        failuresLeft.set(2);

        assertThat(client(RegistryCredentials.none(), 3).schemaById(7)).isEqualTo(Event.getClassSchema());
        assertThat(requests).hasSize(3);
    }

    @Test
    void retriesAreBounded() {
        failuresLeft.set(100);

        assertThatThrownBy(() -> client(RegistryCredentials.none(), 2).schemaById(7))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .isInstanceOf(RetriableException.class)
                .isNotInstanceOf(SerializationException.class)
                .hasMessageContaining("after 3 attempt(s)")
                .hasMessageContaining("HTTP 503");
        assertThat(requests).hasSize(3);
    }

    @Test
    void clientErrorsAreNotRetried() {
        failuresLeft.set(100);
        failureStatus = 401;

        assertThatThrownBy(() -> client(RegistryCredentials.none(), 5).schemaById(7))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus())
                        .isEqualTo(401))
                .isNotInstanceOf(RetriableException.class)
                .hasMessageContaining("basic.auth.user.info");
        assertThat(requests).hasSize(1);
    }

    @Test
    void schemaByIdIsCached() {
        HttpSchemaRegistryClient client = client(RegistryCredentials.none(), 0);

        client.schemaById(7);
        client.schemaById(7);

        assertThat(requests).hasSize(1);
    }

    @Test
    void anUnreachableUrlIsSkippedForTheNextOne() throws IOException {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = socket.getLocalPort();
        }
        RegistryClientSettings settings = new RegistryClientSettings(
                List.of(URI.create("http://127.0.0.1:" + deadPort), URI.create(url())),
                RegistryCredentials.none(),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1)),
                Optional.empty(),
                RegistryClientSettings.DEFAULT_OUTAGE_PROBE_INTERVAL);

        assertThat(new HttpSchemaRegistryClient(settings).schemaById(3)).isEqualTo(Event.getClassSchema());
        assertThat(requests).hasSize(1);
    }

    private HttpSchemaRegistryClient client(RegistryCredentials credentials, int maxRetries) {
        return new HttpSchemaRegistryClient(RegistryClientSettings.of(url())
                .withCredentials(credentials)
                .withRetry(new RetryPolicy(maxRetries, Duration.ofMillis(5), Duration.ofMillis(20)))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)));
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String quote(String json) {
        return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
