package io.tempora.schemas.serde.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.tempora.schemas.Event;
import io.tempora.schemas.serde.IncompatibleSchemaException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A registration answered 409 is a compatibility refusal only when the schema is not under the subject.
 * Apicurio's Confluent API (the dev registry) also answers 409 "already exists" to the losers of a race to
 * register a new subject, which happens when the instances of an app start together on a fresh registry. The
 * dev registry cannot be made to lose that race on demand (and under heavy contention its storage times out
 * instead), so a scripted JDK HTTP server on 127.0.0.1 answers as it does in the race.
 */
class RegistrationConflictTest {

    private static final String SUBJECT = "events-value";
    private static final int REGISTERED_ID = 7;
    private static final String ALREADY_EXISTS =
            "{\"error_code\":409,\"message\":\"An artifact with ID 'events-value' in group 'null' already exists.\"}";

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    /** Whether the subject holds the schema when the client looks it up after the 409. */
    private volatile boolean registeredByAnother;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            requests.add(exchange.getRequestMethod() + " " + path);
            int status;
            String body;
            if (path.endsWith("/versions")) {
                status = 409;
                body = ALREADY_EXISTS;
            } else if (registeredByAnother) {
                status = 200;
                body = "{\"subject\":\"" + SUBJECT + "\",\"version\":1,\"id\":" + REGISTERED_ID + "}";
            } else {
                status = 404;
                body = "{\"error_code\":40403,\"message\":\"Schema not found\"}";
            }
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
    void aConflictOverASchemaAnotherClientJustRegisteredGivesItsId() {
        registeredByAnother = true;
        try (HttpSchemaRegistryClient client = client()) {
            assertThat(client.register(SUBJECT, Event.getClassSchema())).isEqualTo(REGISTERED_ID);
            assertThat(client.register(SUBJECT, Event.getClassSchema()))
                    .as("remembered: no second request")
                    .isEqualTo(REGISTERED_ID);
        }
        assertThat(requests).containsExactly("POST /subjects/" + SUBJECT + "/versions", "POST /subjects/" + SUBJECT);
    }

    @Test
    void aConflictOverASchemaTheSubjectDoesNotHoldIsAnIncompatibility() {
        registeredByAnother = false;
        try (HttpSchemaRegistryClient client = client()) {
            assertThatThrownBy(() -> client.register(SUBJECT, Event.getClassSchema()))
                    .isInstanceOf(IncompatibleSchemaException.class)
                    .hasMessageContaining("HTTP 409")
                    .hasMessageContaining(SUBJECT);
        }
    }

    private HttpSchemaRegistryClient client() {
        return new HttpSchemaRegistryClient(RegistryClientSettings.of(
                "http://127.0.0.1:" + server.getAddress().getPort()));
    }
}
