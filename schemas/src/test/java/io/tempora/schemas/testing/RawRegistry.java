package io.tempora.schemas.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.avro.Schema;

/**
 * Talks to a registry's Confluent API directly, independently of the client under test, so that tests can
 * check what the serdes did against what the registry actually holds.
 */
public final class RawRegistry {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String apiUrl;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public RawRegistry(String apiUrl) {
        this.apiUrl = apiUrl;
    }

    /** Registers {@code schema} under {@code subject}; returns the id. */
    public int register(String subject, Schema schema) {
        return registerText(subject, schema.toString());
    }

    /**
     * Registers the schema text {@code schemaText} exactly as given (an {@code .avsc} file's content, say), as a
     * client in another language does; returns the id.
     */
    public int registerText(String subject, String schemaText) {
        String body = JSON.createObjectNode().put("schema", schemaText).toString();
        return send("POST", "/subjects/" + subject + "/versions", body)
                .get("id")
                .asInt();
    }

    /** The answer of {@code GET path} under the Confluent API, e.g. {@code /config}. */
    public JsonNode get(String path) {
        return send("GET", path, null);
    }

    /** The latest version of {@code subject}: fields id, version, schema. */
    public JsonNode latest(String subject) {
        return send("GET", "/subjects/" + subject + "/versions/latest", null);
    }

    /** The schema registered with {@code id}. */
    public Schema schemaById(int id) {
        return new Schema.Parser()
                .parse(send("GET", "/schemas/ids/" + id, null).get("schema").asText());
    }

    private JsonNode send(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
