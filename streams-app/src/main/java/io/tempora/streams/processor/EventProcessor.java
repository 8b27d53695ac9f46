package io.tempora.streams.processor;

import io.tempora.model.EntityState;
import io.tempora.model.ScoringException;
import io.tempora.model.StreamingScorer;
import io.tempora.schemas.DeadLetter;
import io.tempora.schemas.Event;
import io.tempora.schemas.Prediction;
import io.tempora.schemas.PredictionTrigger;
import io.tempora.schemas.serde.DeadLetterSerializer;
import io.tempora.schemas.serde.EventDeserializer;
import io.tempora.schemas.serde.PredictionSerializer;
import io.tempora.schemas.serde.SchemaSerdeException;
import io.tempora.streams.Topics;
import io.tempora.streams.model.ServingModel;
import io.tempora.streams.state.EntityRecord;
import io.tempora.streams.state.RecentEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-entity step of the application: one event record in, exactly one record out — a
 * {@link Prediction} to {@link #PREDICTIONS_SINK} when the event is accepted, or a {@link DeadLetter} to
 * {@link #DLQ_SINK} when it is refused. Both leave through the same task, so under exactly-once the output,
 * the state update and the offset commit are one transaction.
 *
 * <p>The value is read as bytes and deserialised here rather than by the source's serde: a bad payload then
 * becomes a dead letter in the same transaction (a deserialisation handler could only skip or fail), and a
 * schema-registry outage can be waited out ({@link RegistryRetry}) instead of being mistaken for a bad
 * record.
 *
 * <p>For an accepted event (design.md, "Streams topology"): the entity's record is read from the store;
 * an event older than the entity's latest by more than the grace period is {@code LATE}, one whose id is
 * among the recent events a {@code DUPLICATE}; an event within the grace period is applied at the state's
 * time. With a model, a state made by another model version is first re-filtered from the ring of recent
 * events under the serving version; the event is then scored ({@link StreamingScorer#observe}, or
 * {@link StreamingScorer#start} for the entity's first event, which is conditioned on and not scored), and
 * the prediction made from the state just after it. Without a model the event goes into the ring and its
 * prediction says so ({@link PredictionMapper#withoutModel}).
 *
 * <p>Lifetime ({@link EntityLifetime}, docs/decisions.md "state lifetime"): every write of the entity store is
 * matched in the time-ordered index; with a state TTL, an entity whose latest event is more than the TTL behind
 * the task's latest event time starts afresh at its next event and is evicted by a wall-clock punctuation
 * before that, a bounded number per punctuation; each prediction says whether its entity is NEW, CONTINUING or
 * RETURNED_AFTER_EVICTION. With timers, another wall-clock punctuation writes TIMER predictions for a bounded
 * batch of quiet entities ({@link TimerPredictions}).
 *
 * <p>The task's entity count ({@link EntityCounts}) is established from its store at initialisation, moved by
 * {@link EntityLifetime} with each write that adds or evicts an entity, and dropped at close.
 */
public final class EventProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    /** Name of the child node the predictions go to. */
    public static final String PREDICTIONS_SINK = "predictions-sink";
    /** Name of the child node the dead letters go to. */
    public static final String DLQ_SINK = "dlq-sink";

    private static final Logger LOG = LoggerFactory.getLogger(EventProcessor.class);

    private final ProcessorSettings settings;
    private final Supplier<ServingModel> models;
    private final double[] horizons;
    private final RegistryRetry registry;
    private final ProcessorMetrics metrics;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, EntityRecord> store;
    private EventDeserializer events;
    private PredictionSerializer predictions;
    private DeadLetterSerializer deadLetters;
    private ScorerHolder scorers;
    private EntityLifetime lifetime;
    private TaskId task;
    /** This task's count in {@link ProcessorMetrics#entityCounts()}, null until initialised. */
    private AtomicLong entityCount;

    /**
     * @param models the serving model, or null while none is available; called once per record
     */
    public EventProcessor(ProcessorSettings settings, Supplier<ServingModel> models) {
        this(settings, models, ProcessorMetrics.discarding());
    }

    /**
     * @param models  the serving model, or null while none is available; called once per record
     * @param metrics where the processor counts what it does
     */
    public EventProcessor(ProcessorSettings settings, Supplier<ServingModel> models, ProcessorMetrics metrics) {
        this.metrics = metrics;
        this.settings = settings;
        this.models = models;
        this.horizons = settings.horizonsMs();
        this.registry = new RegistryRetry(settings.registryRetry());
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> ctx) {
        this.context = ctx;
        this.store = ctx.getStateStore(Topics.ENTITY_STATE_STORE);
        this.task = ctx.taskId();
        // The store is restored before the processor is initialised, so the count starts from what it holds.
        entityCount = metrics.entityCounts().open(task, EntityLifetime.countStored(store));
        LifetimeSettings lifetimeSettings = settings.lifetime();
        lifetime = new EntityLifetime(
                lifetimeSettings,
                store,
                ctx.getStateStore(Topics.ENTITY_LIFETIME_STORE),
                ctx.getStateStore(Topics.ENTITY_EVICTED_STORE),
                entityCount,
                ctx::currentSystemTimeMs);
        Map<String, Object> serdeConfigs = settings.serdeConfigs();
        events = new EventDeserializer();
        events.configure(serdeConfigs, false);
        predictions = new PredictionSerializer();
        predictions.configure(serdeConfigs, false);
        deadLetters = new DeadLetterSerializer();
        deadLetters.configure(serdeConfigs, false);
        scorers = new ScorerHolder(horizons.length);
        ServingModel serving = models.get();
        if (serving != null) {
            // Builds and warms the scorer now, while the task starts, rather than on its first event's clock.
            scorers.scorerFor(serving);
        }
        if (lifetimeSettings.evicts()) {
            ctx.schedule(
                    Duration.ofMillis(lifetimeSettings.checkIntervalMs()), PunctuationType.WALL_CLOCK_TIME, now -> {
                        lifetime.completeIndex(lifetimeSettings.maxEvictions());
                        metrics.evicted(lifetime.evictExpired());
                    });
        }
        if (lifetimeSettings.timers()) {
            TimerPredictions timers = new TimerPredictions(
                    lifetimeSettings,
                    lifetime,
                    store,
                    models,
                    scorers,
                    horizons,
                    settings.predictionMaxTypes(),
                    this::writeTimer);
            ctx.schedule(
                    Duration.ofMillis(lifetimeSettings.timerIntervalMs()), PunctuationType.WALL_CLOCK_TIME, now -> {
                        lifetime.completeIndex(lifetimeSettings.maxTimerPredictions());
                        timers.punctuate(now);
                    });
        }
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.key() == null) {
            deadLetter(
                    record,
                    DeadLetterReason.MISSING_KEY.name(),
                    "the record has no key; events are keyed by " + "their entityId");
            return;
        }
        if (record.value() == null) {
            deadLetter(
                    record,
                    DeadLetterReason.NULL_VALUE.name(),
                    "the record has no value (a tombstone); " + "there is no event to apply");
            return;
        }
        Event event;
        try {
            event = registry.call(() -> events.deserialize(topic(), record.value()));
        } catch (SchemaSerdeException e) {
            deadLetter(record, e.reasonCode(), e.getMessage());
            return;
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        if (!key.equals(event.getEntityId())) {
            deadLetter(
                    record,
                    DeadLetterReason.KEY_MISMATCH.name(),
                    "the record key '" + key + "' is not the event's entityId '" + event.getEntityId()
                            + "'; producers key events by entity");
            return;
        }
        for (Map.Entry<String, Double> f : event.getFeatures().entrySet()) {
            if (!Double.isFinite(f.getValue())) {
                deadLetter(
                        record,
                        DeadLetterReason.NON_FINITE_FEATURE.name(),
                        "feature '" + f.getKey() + "' is " + f.getValue() + "; features must be finite");
                return;
            }
        }
        long eventTime = event.getEventTime().toEpochMilli();
        EntityLifetime.Arrival arrival = lifetime.arrive(key, eventTime);
        EntityRecord entity = arrival.record();
        if (entity.containsEventId(event.getEventId())) {
            deadLetter(
                    record,
                    DeadLetterReason.DUPLICATE.name(),
                    "event id '" + event.getEventId() + "' is among entity '" + key + "''s recent events");
            return;
        }
        long appliedAt = eventTime;
        if (entity.hasEvents()) {
            long late = entity.lastEventTimeMs() - eventTime;
            if (late > settings.graceMs()) {
                deadLetter(
                        record,
                        DeadLetterReason.LATE.name(),
                        "the event at " + eventTime + " ms is " + late
                                + " ms older than entity '" + key + "''s latest event, more than the grace period of "
                                + settings.graceMs() + " ms");
                return;
            }
            appliedAt = Math.max(eventTime, entity.lastEventTimeMs());
        }
        RecentEvent accepted = new RecentEvent(event.getEventId(), appliedAt, event.getType(), event.getFeatures());
        ServingModel model = models.get();
        Prediction prediction;
        if (model == null) {
            prediction = PredictionMapper.withoutModel(key, appliedAt, event.getEventId(), arrival.status());
        } else {
            StreamingScorer scorer = scorers.scorerFor(model);
            int type = model.model().types().idOrMinusOne(event.getType());
            if (type < 0) {
                deadLetter(
                        record,
                        DeadLetterReason.UNKNOWN_EVENT_TYPE.name(),
                        "type '" + event.getType()
                                + "' is not one of model " + model.name() + " v" + model.version() + "'s types "
                                + model.model().types().names());
                return;
            }
            try {
                long before = scorer.evaluations();
                EntityState state =
                        entity.modelVersion() == model.version() && model.name().equals(entity.modelName())
                                ? entity.state()
                                : refilter(scorer, model, entity);
                double logLikelihood;
                double[] features = scorers.features(model, accepted.features());
                if (state == null) {
                    state = scorer.start(appliedAt, type, features);
                    logLikelihood = Double.NaN;
                } else {
                    logLikelihood = scorer.observe(state, appliedAt, type, features);
                }
                scorer.predictAndRecordHint(state, horizons, scorers.buffer());
                prediction = PredictionMapper.afterEvent(
                        key,
                        appliedAt,
                        model,
                        scorers.buffer(),
                        logLikelihood,
                        scorer.evaluations() - before,
                        event.getEventId(),
                        arrival.status(),
                        settings.predictionMaxTypes());
                metrics.evaluations(scorer.evaluations() - before);
                entity.scoredBy(state, model.name(), model.version());
            } catch (ScoringException e) {
                DeadLetterReason reason = e.reason() == ScoringException.Reason.SOLVER_FAILURE
                        ? DeadLetterReason.SOLVER_FAILURE
                        : DeadLetterReason.INVALID_EVENT;
                deadLetter(record, reason.name(), e.reason() + ": " + e.getMessage());
                return;
            }
        }
        entity.accept(accepted, settings.ringSize());
        if (lifetime.accepted(key, arrival, entity)) {
            metrics.evicted(1);
        }
        byte[] value = registry.call(() -> predictions.serialize(settings.predictionsTopic(), prediction));
        context.forward(record.withKey(record.key()).withValue(value), PREDICTIONS_SINK);
        metrics.accepted();
        metrics.predicted(PredictionTrigger.EVENT);
        metrics.latencies(eventTime, record.timestamp(), System.currentTimeMillis());
    }

    /** A timer prediction to the predictions topic, keyed by its entity, stamped with the punctuation time. */
    private void writeTimer(String entityId, Prediction prediction, long timestampMs) {
        byte[] value = registry.call(() -> predictions.serialize(settings.predictionsTopic(), prediction));
        context.forward(new Record<>(entityId.getBytes(StandardCharsets.UTF_8), value, timestampMs), PREDICTIONS_SINK);
        metrics.predicted(PredictionTrigger.TIMER);
    }

    /**
     * The state of {@code entity}'s recent events replayed under {@code model} from a fresh start (null when
     * none of them is of a type the model knows). A history whose replay fails starts afresh at the event.
     */
    private EntityState refilter(StreamingScorer scorer, ServingModel model, EntityRecord entity) {
        EntityState state = null;
        if (entity.hasEvents()) {
            metrics.refiltered();
        }
        try {
            for (RecentEvent e : entity.recentEvents()) {
                int type = model.model().types().idOrMinusOne(e.type());
                if (type < 0) {
                    continue;
                }
                double[] features = scorers.features(model, e.features());
                if (state == null) {
                    state = scorer.start(e.timeMs(), type, features);
                } else {
                    scorer.observe(state, e.timeMs(), type, features);
                }
            }
            return state;
        } catch (ScoringException e) {
            LOG.warn(
                    "re-filtering an entity's {} recent events under model {} v{} failed ({}); its history "
                            + "restarts at the next event",
                    entity.recentEvents().size(),
                    model.name(),
                    model.version(),
                    e.getMessage());
            return null;
        }
    }

    private void deadLetter(Record<byte[], byte[]> record, String reasonCode, String message) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        DeadLetter letter = DeadLetter.newBuilder()
                .setReasonCode(reasonCode)
                .setReasonMessage(message == null ? reasonCode : message)
                .setSourceTopic(meta == null ? "" : meta.topic())
                .setSourcePartition(meta == null ? -1 : meta.partition())
                .setSourceOffset(meta == null ? -1 : meta.offset())
                .setSourceTimestamp(record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : null)
                .setRawKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
                .setRawValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .build();
        byte[] value = registry.call(() -> deadLetters.serialize(settings.dlqTopic(), letter));
        context.forward(record.withValue(value), DLQ_SINK);
        metrics.deadLetter(reasonCode);
    }

    private String topic() {
        return context.recordMetadata().map(RecordMetadata::topic).orElse(Topics.EVENTS);
    }

    @Override
    public void close() {
        if (entityCount != null) {
            metrics.entityCounts().close(task, entityCount);
            entityCount = null;
        }
        if (events != null) {
            events.close();
            predictions.close();
            deadLetters.close();
        }
    }
}
