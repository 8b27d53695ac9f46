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
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsException;
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
 *
 * <p>When the owner cannot answer (down, unreachable, or not queryable) and this instance holds a standby
 * replica of the entity's partition ({@code num.standby.replicas} of at least 1), the standby answers: its
 * answer carries {@link #STALE} and {@code "stale": true} with the reason and, when Kafka Streams knows it,
 * how many changelog records the copy is behind ({@link #OFFSET_LAG}, {@code "offsetLag"}). A current answer
 * carries neither.
 */
final class EntityRouter {

    /** Response header: the {@code host:port} of the instance whose store answered. */
    static final String SERVED_BY = "X-Tempora-Served-By";
    /** Request and response header: the request was (or the answer comes through) a forward. */
    static final String FORWARDED = "X-Tempora-Forwarded";

    /** Response header, only on an answer from a standby or other non-active copy: {@code true}. */
    static final String STALE = "X-Tempora-Stale";
    /** Response header of a stale answer: changelog records its copy is behind, when Kafka Streams knows. */
    static final String OFFSET_LAG = "X-Tempora-Offset-Lag";

    private static final int NOT_FOUND = 404;
    private static final int BAD_GATEWAY = 502;
    private static final int UNAVAILABLE = 503;
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
     * The answer to {@code pathAndQuery} (an entity endpoint for {@code id}): {@code local} reading the active
     * copy when this instance owns the entity, the owner's answer relayed when another does. When the owner
     * cannot answer (it is unreachable, times out or answers 503) or no owner is known (a rebalance), a local
     * copy of the entity's partition (a standby) answers instead, marked stale ({@link #STALE}); without one
     * the answer is the failure (502 or 503).
     *
     * @param forwarded whether the request came from another instance (then it is not forwarded again)
     * @param local the answer read from one of this instance's copies of the entity store
     */
    Answer route(String id, String pathAndQuery, boolean forwarded, Function<StoreCopy, Answer> local) {
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(Topics.ENTITY_STATE_STORE, id, keySerializer);
        } catch (IllegalStateException | InvalidStateStoreException e) {
            // Not started yet (StreamsNotStartedException, an InvalidStateStoreException), or past RUNNING.
            String why = "the owner of entity '" + id + "' is not known now (" + streams.state() + ": " + e.getMessage()
                    + ")";
            return staleOr(StoreCopy.ANY_PARTITION, local, why, unavailable(why));
        }
        HostInfo owner = metadata == null ? null : metadata.activeHost();
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE.activeHost())) {
            String why = "the owner of entity '" + id + "''s partition is not known now (" + streams.state()
                    + ", a rebalance or a restore)";
            int partition = metadata == null ? StoreCopy.ANY_PARTITION : metadata.partition();
            return staleOr(partition, local, why, unavailable(why));
        }
        if (owner.equals(self)) {
            return local.apply(StoreCopy.ACTIVE).withHeader(SERVED_BY, label(self));
        }
        if (forwarded) {
            return unavailable("this instance (" + label(self) + ") was sent entity '" + id + "' by another instance, "
                    + "but its metadata names " + label(owner) + " as the owner (ownership is moving)");
        }
        Answer relayed = forward(owner, pathAndQuery);
        if (relayed.status() == BAD_GATEWAY || relayed.status() == UNAVAILABLE) {
            return staleOr(
                    metadata.partition(),
                    local,
                    "the owner " + label(owner) + " could not answer (" + relayed.status() + ")",
                    relayed);
        }
        return relayed;
    }

    /**
     * The answer of this instance's local copy of {@code partition} ({@link StoreCopy#ANY_PARTITION}: of
     * whichever partition holds the entity here), marked stale with {@code why}; {@code failure} when this
     * instance holds no copy of it or the copy cannot answer.
     */
    private Answer staleOr(int partition, Function<StoreCopy, Answer> local, String why, Answer failure) {
        if (!holdsCopy(partition)) {
            return failure;
        }
        Answer answer = local.apply(StoreCopy.anyLocal(partition));
        // Without a partition a miss only says the entity is not on a partition held here, not that it is unknown.
        if (answer.status() == UNAVAILABLE || (answer.status() == NOT_FOUND && partition == StoreCopy.ANY_PARTITION)) {
            return failure;
        }
        Long lag = offsetLag(partition);
        Map<String, Object> mark = new LinkedHashMap<>();
        mark.put("stale", true);
        mark.put("staleReason", why);
        mark.put("offsetLag", lag);
        Answer stale = answer.withFields(mark).withHeader(STALE, "true").withHeader(SERVED_BY, label(self));
        return lag == null ? stale : stale.withHeader(OFFSET_LAG, Long.toString(lag));
    }

    /** Whether a stream thread here holds a task (active or standby) of {@code partition} (any, if unnamed). */
    private boolean holdsCopy(int partition) {
        // The topology has one sub-topology, so a task's partition is the entity store's partition.
        return streams.metadataForLocalThreads().stream()
                .flatMap(t -> Stream.concat(t.activeTasks().stream(), t.standbyTasks().stream()))
                .anyMatch(task ->
                        partition == StoreCopy.ANY_PARTITION || task.taskId().partition() == partition);
    }

    /**
     * How many changelog records this instance's copy of {@code partition} is behind, as Kafka Streams reports
     * it (it asks the broker for the changelog's end); null when that is unknown.
     */
    private Long offsetLag(int partition) {
        if (partition == StoreCopy.ANY_PARTITION) {
            return null;
        }
        try {
            Map<Integer, LagInfo> lags = streams.allLocalStorePartitionLags().get(Topics.ENTITY_STATE_STORE);
            LagInfo lag = lags == null ? null : lags.get(partition);
            return lag == null ? null : lag.offsetLag();
        } catch (StreamsException e) {
            // The stale answer stands without its lag: offsetLag is null, which the answer documents as unknown.
            return null;
        }
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
                            BAD_GATEWAY,
                            "forwarding to the owner " + label(owner) + " timed out after " + timeout.toMillis()
                                    + " ms (" + e.getMessage() + ")")
                    .withHeader(SERVED_BY, label(self));
        } catch (IOException e) {
            return Answer.error(BAD_GATEWAY, "forwarding to the owner " + label(owner) + " failed: " + e)
                    .withHeader(SERVED_BY, label(self));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.error(BAD_GATEWAY, "forwarding to the owner " + label(owner) + " was interrupted")
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
        return Answer.error(UNAVAILABLE, why + "; retry shortly")
                .withHeader(RETRY_AFTER, EntityQueries.RETRY_AFTER_SECONDS)
                .withHeader(SERVED_BY, label(self));
    }

    static String label(HostInfo h) {
        return h.host() + ":" + h.port();
    }
}
