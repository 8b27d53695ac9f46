package io.tempora.streams.http;

import io.tempora.model.EntityState;
import io.tempora.model.PredictionBuffer;
import io.tempora.model.ScoringException;
import io.tempora.model.StreamingScorer;
import io.tempora.schemas.Prediction;
import io.tempora.schemas.PredictionTrigger;
import io.tempora.streams.model.ModelCatalog;
import io.tempora.streams.model.ServingModel;
import io.tempora.streams.processor.PredictionMapper;
import io.tempora.streams.state.EntityRecord;
import io.tempora.streams.state.RecentEvent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries on this instance's entity store: an entity's summary, and a prediction evolved from
 * its stored state to a requested time. The stored state is read, never written: the prediction evolves a
 * deserialised copy with {@link StreamingScorer#predict}, which leaves the state as it was, so a query
 * changes neither the store nor the next event's result.
 *
 * <p>Only the partitions this instance holds are answered here, from the copy {@link EntityRouter} chooses:
 * the active one when this instance owns the entity's partition, any local copy (a standby) when the owner
 * cannot answer; a query for an entity owned elsewhere is forwarded before it reaches this class. Scorers are
 * not thread-safe: each HTTP worker thread keeps its own, per model version.
 */
final class EntityQueries {

    /** The most horizons one query may ask for. */
    static final int MAX_HORIZONS = 64;
    /** Seconds a client is asked to wait while the store is not queryable (a rebalance or a restore). */
    static final String RETRY_AFTER_SECONDS = "1";

    private final KafkaStreams streams;
    private final ModelCatalog catalog;
    private final double[] defaultHorizonsMs;
    private final int maxTypes;
    private final ThreadLocal<QueryScorer> scorers = new ThreadLocal<>();

    /** A worker thread's scorer for one model version. */
    private record QueryScorer(ServingModel model, StreamingScorer scorer) {}

    /** @param maxTypes the most types a prediction lists (as the processor's predictions do) */
    EntityQueries(KafkaStreams streams, ModelCatalog catalog, double[] defaultHorizonsMs, int maxTypes) {
        this.streams = streams;
        this.catalog = catalog;
        this.defaultHorizonsMs = defaultHorizonsMs.clone();
        this.maxTypes = maxTypes;
    }

    /** {@code GET /entities/{id}}: time, event count, model version and the recent events, read from {@code copy}. */
    Answer summary(String id, StoreCopy copy) {
        Lookup found = lookup(id, copy);
        if (found.answer != null) {
            return found.answer;
        }
        EntityRecord r = found.record;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("entityId", id);
        out.put("eventCount", r.eventCount());
        out.put("lastEventTime", r.hasEvents() ? Instant.ofEpochMilli(r.lastEventTimeMs()) : null);
        out.put(
                "stateTime",
                r.state() == null
                        ? null
                        : Instant.ofEpochMilli(Math.round(r.state().time())));
        out.put("modelName", r.modelName());
        out.put("modelVersion", r.modelVersion());
        List<Object> recent = new ArrayList<>();
        for (RecentEvent e : r.recentEvents()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("eventId", e.eventId());
            m.put("time", Instant.ofEpochMilli(e.timeMs()));
            m.put("type", e.type());
            m.put("features", e.features());
            recent.add(m);
        }
        out.put("recentEvents", recent);
        return Answer.json(200, out);
    }

    /**
     * {@code GET /entities/{id}/prediction?at=...&horizons=...}: the prediction at {@code at} (epoch
     * milliseconds or ISO-8601; now when absent) with no event since the stored state, under the model
     * version that made the state, evolved from the state read from {@code copy}.
     */
    Answer prediction(String id, Map<String, String> query, StoreCopy copy) {
        long atMs;
        double[] horizons;
        try {
            atMs = parseAt(query.get("at"));
            horizons = parseHorizons(query.get("horizons"));
        } catch (IllegalArgumentException e) {
            return Answer.error(400, e.getMessage());
        }
        Lookup found = lookup(id, copy);
        if (found.answer != null) {
            return found.answer;
        }
        EntityRecord r = found.record;
        EntityState state = r.state();
        if (state == null) {
            return Answer.error(
                    409,
                    "entity '" + id + "' has " + r.eventCount() + " event(s) but no model state yet: no model "
                            + "has scored it");
        }
        Optional<ServingModel> model = catalog.version(r.modelName(), r.modelVersion());
        if (model.isEmpty()) {
            return Answer.error(
                    503,
                    "entity '" + id + "''s state was made by model "
                            + ServingModel.label(r.modelName(), r.modelVersion())
                            + ", which this instance does not hold; its next event re-filters it under the serving model");
        }
        if (atMs < state.time()) {
            return Answer.error(
                    400,
                    "at=" + atMs + " (" + Instant.ofEpochMilli(atMs) + ") is before entity '" + id + "''s state time "
                            + Math.round(state.time()) + " (" + Instant.ofEpochMilli(Math.round(state.time()))
                            + "); a prediction evolves the state forward only");
        }
        StreamingScorer scorer = scorerFor(model.get());
        PredictionBuffer buffer = scorer.newPredictionBuffer(horizons.length);
        long before = scorer.evaluations();
        try {
            scorer.predict(state, atMs, horizons, buffer);
        } catch (ScoringException e) {
            return Answer.error(
                    500, "the prediction for entity '" + id + "' at " + atMs + " failed: " + e.getMessage());
        }
        Prediction p = PredictionMapper.evolved(
                id, atMs, model.get(), buffer, scorer.evaluations() - before, PredictionTrigger.QUERY, maxTypes);
        return Answer.json(200, p);
    }

    private StreamingScorer scorerFor(ServingModel model) {
        QueryScorer held = scorers.get();
        if (held == null || held.model.model() != model.model()) {
            StreamingScorer fresh;
            try {
                fresh = model.newScorer();
            } catch (ScoringException e) {
                // Warming only saves the first query's one-time work; an unwarmed scorer answers the same.
                fresh = new StreamingScorer(model.model());
            }
            held = new QueryScorer(model, fresh);
            scorers.set(held);
        }
        return held.scorer;
    }

    /** The stored record of {@code id}, or the answer to give instead (404, 503). */
    private record Lookup(EntityRecord record, Answer answer) {}

    private Lookup lookup(String id, StoreCopy copy) {
        ReadOnlyKeyValueStore<String, EntityRecord> store;
        EntityRecord r;
        try {
            store = streams.store(copy.parameters());
            r = store.get(id);
        } catch (InvalidStateStoreException e) {
            String which = copy.stale() ? "no local copy of the entity store" : "the entity store";
            return new Lookup(
                    null,
                    Answer.error(
                                    503,
                                    which + " is not queryable now (" + streams.state() + ": " + e.getMessage()
                                            + "); retry shortly")
                            .withHeader("Retry-After", RETRY_AFTER_SECONDS));
        }
        if (r == null) {
            return new Lookup(null, Answer.error(404, "no entity '" + id + "' in this instance's store"));
        }
        return new Lookup(r, null);
    }

    /** {@code at} as epoch milliseconds: digits are milliseconds, anything else ISO-8601; absent is now. */
    static long parseAt(String at) {
        if (at == null || at.isEmpty()) {
            return System.currentTimeMillis();
        }
        if (at.chars().allMatch(Character::isDigit)) {
            try {
                return Long.parseLong(at);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("at='" + at + "' is too large for epoch milliseconds");
            }
        }
        try {
            return Instant.parse(at).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("at='" + at
                    + "' is neither epoch milliseconds nor an ISO-8601 instant (e.g. 2026-12-02T11:00:00Z)");
        }
    }

    /** {@code horizons} as milliseconds (comma-separated, positive, ascending); absent is the configured ones. */
    double[] parseHorizons(String raw) {
        if (raw == null || raw.isEmpty()) {
            return defaultHorizonsMs.clone();
        }
        String[] parts = raw.split(",", -1);
        if (parts.length > MAX_HORIZONS) {
            throw new IllegalArgumentException(
                    "horizons: " + parts.length + " given, at most " + MAX_HORIZONS + " per query");
        }
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Long.parseLong(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "horizons: '" + parts[i] + "' is not a whole number of milliseconds");
            }
            if (out[i] <= 0 || (i > 0 && out[i] <= out[i - 1])) {
                throw new IllegalArgumentException("horizons: must be positive and strictly ascending, got " + raw);
            }
        }
        return out;
    }
}
