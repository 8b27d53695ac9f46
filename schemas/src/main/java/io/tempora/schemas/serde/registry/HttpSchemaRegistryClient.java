package io.tempora.schemas.serde.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tempora.schemas.serde.IncompatibleSchemaException;
import io.tempora.schemas.serde.SchemaRegistryException;
import io.tempora.schemas.serde.SchemaRegistryUnavailableException;
import io.tempora.schemas.serde.SchemaSerdeException;
import io.tempora.schemas.serde.UnknownSchemaIdException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SchemaRegistryClient} over the Confluent Schema Registry REST API (v1 content type), using the JDK's
 * {@link HttpClient}. Works with Confluent, Apicurio ({@code /apis/ccompat/v7}), Karapace and Redpanda.
 *
 * <p>Endpoints used: {@code POST /subjects/{s}/versions} (register), {@code POST /subjects/{s}} (look up),
 * {@code GET /schemas/ids/{id}}, {@code GET /subjects/{s}/versions/latest}, {@code PUT /config/{s}}.
 *
 * <p>Caches: id to schema and (subject, schema) to id, both for the client's lifetime since the registry never
 * changes them; the latest version per subject for {@link RegistryClientSettings#latestVersionCacheTtl()}. The
 * caches grow with the number of distinct schemas, which for this product's topics is a handful.
 *
 * <p>An outage is found once, not once per request: when a request failed with all its retries, the client refuses
 * requests without contacting the registry for {@link RegistryClientSettings#outageProbeInterval()}, then lets one
 * request at a time probe it with a single attempt ({@link RegistryAvailability}). Refused requests raise a
 * {@link SchemaRegistryUnavailableException} whose {@link SchemaRegistryUnavailableException#knownOutage()} is true.
 *
 * <p>Thread-safe. Blocking: callers wait for the registry on a cache miss, up to the request timeout times the
 * number of attempts plus the backoff waits while the registry is believed up, and up to one request timeout for a
 * probe.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    private static final Logger LOG = LoggerFactory.getLogger(HttpSchemaRegistryClient.class);
    private static final int HTTP_NOT_FOUND = 404;
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryClientSettings settings;
    private final HttpClient http;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
    private final Map<String, CachedLatest> latestBySubject = new ConcurrentHashMap<>();
    private final RegistryAvailability availability;
    private final AtomicInteger probes = new AtomicInteger();

    private record SubjectSchema(String subject, Schema schema) {}

    private record CachedLatest(RegisteredSchema schema, long fetchedAtNanos) {}

    /** Translates a non-retriable error answer of one endpoint into an exception. */
    @FunctionalInterface
    private interface ErrorMapper {
        SchemaSerdeException map(int status, int errorCode, String message, URI uri);
    }

    public HttpSchemaRegistryClient(RegistryClientSettings settings) {
        this.settings = settings;
        this.availability = new RegistryAvailability(settings.outageProbeInterval());
        // HTTP/1.1: the JDK client would otherwise try an h2c upgrade on http:// URLs, which some proxies mishandle.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** What this client knows of the registry's availability. */
    public RegistryAvailability availability() {
        return availability;
    }

    /** The settings this client was built with. */
    public RegistryClientSettings settings() {
        return settings;
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer;
        try {
            answer = send(
                    "POST",
                    "/subjects/" + encode(subject) + "/versions",
                    schemaBody(schema),
                    (status, code, message, uri) -> status == 409
                            ? new IncompatibleSchemaException(
                                    subject,
                                    String.format(
                                            "The schema registry at %s refused schema %s under subject '%s' as incompatible (HTTP 409): %s."
                                                    + " Change the schema compatibly (new fields need defaults; do not remove fields without"
                                                    + " defaults or change types), or register it under a new subject.",
                                            uri, schema.getFullName(), subject, message),
                                    null)
                            : null);
        } catch (IncompatibleSchemaException refused) {
            // Apicurio's Confluent API also answers 409 when another client registered the same new subject a
            // moment earlier (instances of one app starting together); the schema then has an id under the
            // subject, and only when it has none was the refusal about compatibility.
            return registeredMeanwhile(subject, schema).orElseThrow(() -> refused);
        }
        int id = requiredInt(answer, "id");
        idsBySubjectSchema.put(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    /** The id of {@code schema} under {@code subject} if the registry has it, empty if it does not. */
    private Optional<Integer> registeredMeanwhile(String subject, Schema schema) {
        try {
            return Optional.of(idOf(subject, schema));
        } catch (SchemaRegistryException notThere) {
            if (notThere.httpStatus() == HTTP_NOT_FOUND) {
                return Optional.empty();
            }
            throw notThere;
        }
    }

    @Override
    public int idOf(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send(
                "POST",
                "/subjects/" + encode(subject),
                schemaBody(schema),
                (status, code, message, uri) -> status == HTTP_NOT_FOUND
                        ? new SchemaRegistryException(
                                String.format(
                                        "Schema %s is not registered under subject '%s' at %s (%s). Register it first, or set"
                                                + " auto.register.schemas=true, or use.latest.version=true to write with the latest version.",
                                        schema.getFullName(), subject, uri, message),
                                status,
                                code)
                        : null);
        int id = requiredInt(answer, "id");
        idsBySubjectSchema.put(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send(
                "GET",
                "/schemas/ids/" + id,
                null,
                (status, code, message, uri) ->
                        status == HTTP_NOT_FOUND ? new UnknownSchemaIdException(id, uri.toString(), message) : null);
        checkAvro(answer, "schema id " + id);
        Schema schema = parse(requiredText(answer, "schema"), "schema id " + id);
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    @Override
    public RegisteredSchema latestVersion(String subject) {
        CachedLatest cached = latestBySubject.get(subject);
        if (cached != null && fresh(cached)) {
            return cached.schema();
        }
        JsonNode answer = send(
                "GET",
                "/subjects/" + encode(subject) + "/versions/latest",
                null,
                (status, code, message, uri) -> status == HTTP_NOT_FOUND
                        ? new SchemaRegistryException(
                                String.format(
                                        "Subject '%s' has no versions at %s (%s). Register a schema under it first, or set"
                                                + " use.latest.version=false.",
                                        subject, uri, message),
                                status,
                                code)
                        : null);
        checkAvro(answer, "subject " + subject);
        int id = requiredInt(answer, "id");
        Schema schema =
                schemasById.computeIfAbsent(id, i -> parse(requiredText(answer, "schema"), "subject " + subject));
        RegisteredSchema latest = new RegisteredSchema(subject, id, requiredInt(answer, "version"), schema);
        latestBySubject.put(subject, new CachedLatest(latest, System.nanoTime()));
        return latest;
    }

    @Override
    public void updateCompatibility(String subject, CompatibilityLevel level) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", level.name());
        send("PUT", "/config/" + encode(subject), body.toString(), (status, code, message, uri) -> null);
    }

    @Override
    public void close() {
        schemasById.clear();
        idsBySubjectSchema.clear();
        latestBySubject.clear();
    }

    private boolean fresh(CachedLatest cached) {
        Optional<Duration> ttl = settings.latestVersionCacheTtl();
        return ttl.isEmpty()
                || System.nanoTime() - cached.fetchedAtNanos() < ttl.get().toNanos();
    }

    /**
     * Sends one request, returning the parsed JSON answer of the first 2xx response.
     *
     * <p>While the registry is known to be down ({@link RegistryAvailability}) the request is refused without
     * contacting it; the first request after the probe interval probes it with one attempt; otherwise the request
     * gets the configured retries, and when every attempt failed the registry is known to be down. Attempt
     * {@code n} goes to base URL {@code n mod urls}, and successive probes to successive URLs, so an unreachable
     * URL of several is skipped.
     */
    private JsonNode send(String method, String path, String body, ErrorMapper errors) {
        RegistryAvailability.Admission admission = availability.admit();
        if (admission instanceof RegistryAvailability.KnownOutage outage) {
            throw SchemaRegistryUnavailableException.knownOutage(
                    String.format(
                            "Schema registry %s has been unavailable for %d ms, so %s %s was not sent; the client contacts"
                                    + " it again in %d ms (outage.probe.interval.ms), one request at a time. Last failure: %s",
                            settings.baseUrls(),
                            outage.since().toMillis(),
                            method,
                            path,
                            outage.retryAfter().toMillis(),
                            outage.lastFailure()),
                    outage.retryAfter());
        }
        boolean probe = ((RegistryAvailability.Send) admission).probe();
        boolean reported = false;
        try {
            JsonNode answer = attempt(method, path, body, errors, probe);
            availability.succeeded();
            reported = true;
            return answer;
        } catch (SchemaRegistryUnavailableException e) {
            if (!Thread.currentThread().isInterrupted()) {
                availability.failed(e.getMessage());
                reported = true;
            }
            throw e;
        } catch (SchemaSerdeException e) {
            // An error answer: the registry is up.
            availability.succeeded();
            reported = true;
            throw e;
        } finally {
            if (probe && !reported) {
                availability.probeAbandoned();
            }
        }
    }

    /** The attempts of one request: one for a probe, else as many as the retry policy allows. */
    private JsonNode attempt(String method, String path, String body, ErrorMapper errors, boolean probe) {
        RetryPolicy retry = settings.retry();
        int attempts = probe ? 1 : retry.maxRetries() + 1;
        int firstUrl = probe ? probes.getAndIncrement() : 0;
        Exception lastCause = null;
        String lastFailure = "";
        for (int attempt = 0; attempt < attempts; attempt++) {
            if (attempt > 0) {
                sleep(retry.backoff(attempt));
            }
            URI uri = resolve(
                    settings.baseUrls()
                            .get(Math.floorMod(
                                    firstUrl + attempt, settings.baseUrls().size())),
                    path);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .timeout(settings.requestTimeout())
                    .header("Accept", CONTENT_TYPE + ", application/json")
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            if (body != null) {
                request.header("Content-Type", CONTENT_TYPE);
            }
            settings.credentials().authorizationHeader().ifPresent(h -> request.header("Authorization", h));
            try {
                HttpResponse<String> response =
                        http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return parseJson(response.body(), uri);
                }
                ErrorBody error = ErrorBody.parse(response.body(), status);
                if (retriable(status)) {
                    lastFailure =
                            String.format("last answer from %s %s: HTTP %d %s", method, uri, status, error.message());
                    lastCause = null;
                    LOG.debug(
                            "Schema registry {} {} answered {} (attempt {} of {})",
                            method,
                            uri,
                            status,
                            attempt + 1,
                            attempts);
                    continue;
                }
                SchemaSerdeException specific = errors.map(status, error.code(), error.message(), uri);
                throw specific != null ? specific : generic(method, uri, status, error);
            } catch (IOException e) {
                // Connection refused/reset, DNS, TLS handshake and timeouts (HttpTimeoutException) all land here.
                lastCause = e;
                lastFailure = String.format("last failure on %s %s: %s", method, uri, e);
                LOG.debug(
                        "Schema registry {} {} failed (attempt {} of {}): {}",
                        method,
                        uri,
                        attempt + 1,
                        attempts,
                        e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryUnavailableException(
                        "Interrupted while waiting for the schema registry (" + method + " " + uri + ")", e);
            }
        }
        throw new SchemaRegistryUnavailableException(
                String.format(
                        "Schema registry %s could not be reached after %d attempt(s)%s (%s). Check that schema.registry.url is"
                                + " right and the registry is running; for https, that its certificate is in the JDK trust store."
                                + " Retries are set by max.retries, retries.wait.ms and retries.max.wait.ms; timeouts by"
                                + " http.connect.timeout.ms and http.read.timeout.ms.",
                        settings.baseUrls(), attempts, probe ? " (a probe after an outage)" : "", lastFailure),
                lastCause);
    }

    private static boolean retriable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private static SchemaRegistryException generic(String method, URI uri, int status, ErrorBody error) {
        String hint =
                switch (status) {
                    case 401, 403 ->
                        " Check basic.auth.credentials.source / basic.auth.user.info or bearer.auth.token.";
                    case 422 -> " The registry considers the schema invalid.";
                    default -> "";
                };
        return new SchemaRegistryException(
                String.format(
                        "Schema registry answered %s %s with HTTP %d, error code %d:" + " %s.%s",
                        method, uri, status, error.code(), error.message(), hint),
                status,
                error.code());
    }

    private record ErrorBody(int code, String message) {
        static ErrorBody parse(String body, int status) {
            try {
                JsonNode node = JSON.readTree(body);
                if (node != null && node.isObject()) {
                    int code = node.path("error_code").asInt(status);
                    // Apicurio answers error_code 0 for some errors; the HTTP status is more useful then.
                    return new ErrorBody(
                            code == 0 ? status : code, node.path("message").asText(abbreviate(body)));
                }
            } catch (IOException notJson) {
                // A proxy's HTML page, say: report its beginning.
            }
            return new ErrorBody(status, abbreviate(body));
        }

        private static String abbreviate(String body) {
            String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").trim();
            return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
        }
    }

    private static JsonNode parseJson(String body, URI uri) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new SchemaRegistryException(
                    "Schema registry answer from " + uri + " is not JSON: "
                            + ErrorBody.abbreviate(body)
                            + ". Is schema.registry.url the Confluent-compatible API (for Apicurio,"
                            + " .../apis/ccompat/v7)?",
                    200,
                    200);
        }
    }

    private static String schemaBody(Schema schema) {
        return JSON.createObjectNode()
                .put("schemaType", "AVRO")
                .put("schema", schema.toString())
                .toString();
    }

    private static void checkAvro(JsonNode answer, String what) {
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw new SchemaRegistryException(
                    "The registry's schema for " + what + " is of type " + type
                            + ", not AVRO; these serdes read Avro only.",
                    200,
                    200);
        }
        JsonNode references = answer.path("references");
        if (references.isArray() && !references.isEmpty()) {
            throw new SchemaRegistryException(
                    "The registry's schema for " + what + " uses schema references, which"
                            + " these serdes do not resolve; register a self-contained schema.",
                    200,
                    200);
        }
    }

    private static Schema parse(String text, String what) {
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException(
                    "The registry's schema for " + what + " is not valid Avro: " + e.getMessage(), 200, 200);
        }
    }

    private static int requiredInt(JsonNode answer, String field) {
        JsonNode node = answer.get(field);
        if (node == null || !node.canConvertToInt()) {
            throw new SchemaRegistryException(
                    "Schema registry answer lacks integer field '" + field + "': " + answer, 200, 200);
        }
        return node.asInt();
    }

    private static String requiredText(JsonNode answer, String field) {
        JsonNode node = answer.get(field);
        if (node == null || !node.isTextual()) {
            throw new SchemaRegistryException(
                    "Schema registry answer lacks text field '" + field + "': " + answer, 200, 200);
        }
        return node.asText();
    }

    private static URI resolve(URI base, String path) {
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path);
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryUnavailableException("Interrupted during schema registry retry backoff", e);
        }
    }
}
