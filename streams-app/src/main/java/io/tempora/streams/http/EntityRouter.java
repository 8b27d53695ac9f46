package io.tempora.streams.http;

import io.tempora.streams.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Sends an entity query to the instance that owns the entity's partition. Kafka Streams knows, through
 * {@code application.server}, which instance holds the active copy of each partition of the entity store
 * ({@link KafkaStreams#queryMetadataForKey}); a query for an entity held here is answered here, any other
 * is forwarded once to its owner over HTTP and the owner's status and body are relayed.
 *
 * <p>Every answer names the instance that made it ({@link #SERVED_BY}); a relayed one also says it was
 * forwarded ({@link #FORWARDED}). A forwarded request carries {@link #FORWARDED} itself and is never
 * forwarded again, so two instances whose metadata disagree during a rebalance cannot bounce a query
 * between them: the second one answers 503 with {@code Retry-After}.
 */
final class EntityRouter {

    /** Response header: the {@code host:port} of the instance whose store answered. */
    static final String SERVED_BY = "X-Tempora-Served-By";
    /** Request and response header: the request was (or the answer comes through) a forward. */
    static final String FORWARDED = "X-Tempora-Forwarded";

    private static final String RETRY_AFTER = "Retry-After";
    private static final String CONTENT_TYPE = "Content-Type";

    private final KafkaStreams streams;
    private final HostInfo self;
    private final HttpClient client;
    private final Duration timeout;
    private final Serializer<String> keySerializer = Serdes.String().serializer();

    EntityRouter(KafkaStreams streams, HostInfo self, Duration timeout) {
        this.streams = streams;
        this.self = self;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /**
     * The answer to {@code pathAndQuery} (an entity endpoint for {@code id}): {@code local} when this
     * instance owns the entity, the owner's answer relayed when another does, 503 while no owner is known.
     *
     * @param forwarded whether the request came from another instance (then it is not forwarded again)
     */
    Answer route(String id, String pathAndQuery, boolean forwarded, Supplier<Answer> local) {
        HostInfo owner;
        try {
            KeyQueryMetadata metadata = streams.queryMetadataForKey(Topics.ENTITY_STATE_STORE, id, keySerializer);
            owner = metadata == null ? null : metadata.activeHost();
        } catch (IllegalStateException | InvalidStateStoreException e) {
            // Not started yet (StreamsNotStartedException, an InvalidStateStoreException), or past RUNNING.
            return unavailable("the owner of entity '" + id + "' is not known now (" + streams.state() + ": "
                    + e.getMessage() + ")");
        }
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE.activeHost())) {
            return unavailable("the owner of entity '" + id + "''s partition is not known now (" + streams.state()
                    + ", a rebalance or a restore)");
        }
        if (owner.equals(self)) {
            return local.get().withHeader(SERVED_BY, label(self));
        }
        if (forwarded) {
            return unavailable("this instance (" + label(self) + ") was sent entity '" + id + "' by another instance, "
                    + "but its metadata names " + label(owner) + " as the owner (ownership is moving)");
        }
        return forward(owner, pathAndQuery);
    }

    /** {@code pathAndQuery} asked of {@code owner}, its answer relayed; 502 with why when that fails. */
    Answer forward(HostInfo owner, String pathAndQuery) {
        URI uri = URI.create("http://" + label(owner) + pathAndQuery);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header(FORWARDED, "true")
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return Answer.error(
                            502,
                            "forwarding to the owner " + label(owner) + " timed out after " + timeout.toMillis()
                                    + " ms (" + e.getMessage() + ")")
                    .withHeader(SERVED_BY, label(self));
        } catch (IOException e) {
            return Answer.error(502, "forwarding to the owner " + label(owner) + " failed: " + e)
                    .withHeader(SERVED_BY, label(self));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.error(502, "forwarding to the owner " + label(owner) + " was interrupted")
                    .withHeader(SERVED_BY, label(self));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers().firstValue(RETRY_AFTER).ifPresent(v -> headers.put(RETRY_AFTER, v));
        headers.put(SERVED_BY, response.headers().firstValue(SERVED_BY).orElse(label(owner)));
        headers.put(FORWARDED, "true");
        return new Answer(
                response.statusCode(),
                response.headers().firstValue(CONTENT_TYPE).orElse(Answer.JSON),
                response.body(),
                Map.copyOf(headers));
    }

    private Answer unavailable(String why) {
        return Answer.error(503, why + "; retry shortly")
                .withHeader(RETRY_AFTER, EntityQueries.RETRY_AFTER_SECONDS)
                .withHeader(SERVED_BY, label(self));
    }

    static String label(HostInfo h) {
        return h.host() + ":" + h.port();
    }
}
