package io.tempora.streams.processor;

import io.tempora.model.EntityState;
import io.tempora.model.ScoringException;
import io.tempora.model.StreamingScorer;
import io.tempora.schemas.Prediction;
import io.tempora.schemas.PredictionTrigger;
import io.tempora.streams.model.ServingModel;
import io.tempora.streams.state.EntityRecord;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Predictions on a wall-clock schedule for entities that went quiet: at each punctuation, the next batch of
 * entities with no event for the quiet period ({@link EntityLifetime#nextQuiet}) each get a
 * {@link PredictionTrigger#TIMER} prediction, their stored state evolved to the punctuation time with
 * {@link StreamingScorer#predict}, which leaves the state as it was: nothing is written to the stores.
 *
 * <p>Skipped (and so visited without a prediction): entities no model has scored, entities whose state another
 * model version made (their next event re-filters them; predicting from them would mix versions), and entities
 * whose state is later than the punctuation time (event times ahead of the wall clock). Confined to the task's
 * stream thread.
 */
final class TimerPredictions {

    private static final Logger LOG = LoggerFactory.getLogger(TimerPredictions.class);

    /** Where a timer prediction goes: to the predictions topic, keyed by entity, at the punctuation time. */
    interface Output {
        void write(String entityId, Prediction prediction, long timestampMs);
    }

    private final LifetimeSettings settings;
    private final EntityLifetime lifetime;
    private final KeyValueStore<String, EntityRecord> entities;
    private final Supplier<ServingModel> models;
    private final ScorerHolder scorers;
    private final double[] horizons;
    private final int maxTypes;
    private final Output output;

    TimerPredictions(
            LifetimeSettings settings,
            EntityLifetime lifetime,
            KeyValueStore<String, EntityRecord> entities,
            Supplier<ServingModel> models,
            ScorerHolder scorers,
            double[] horizons,
            int maxTypes,
            Output output) {
        this.settings = settings;
        this.lifetime = lifetime;
        this.entities = entities;
        this.models = models;
        this.scorers = scorers;
        this.horizons = horizons;
        this.maxTypes = maxTypes;
        this.output = output;
    }

    /**
     * Writes the timer predictions of one punctuation at wall-clock {@code nowMs}: at most
     * {@link LifetimeSettings#maxTimerPredictions} entities visited.
     *
     * @return the predictions written
     */
    int punctuate(long nowMs) {
        ServingModel model = models.get();
        if (model == null) {
            return 0;
        }
        int written = 0;
        long quietBefore = nowMs - settings.quietMs();
        for (String id : lifetime.nextQuiet(quietBefore, settings.maxTimerPredictions())) {
            EntityRecord entity = entities.get(id);
            EntityState state = entity == null ? null : entity.state();
            if (state == null
                    || entity.modelVersion() != model.version()
                    || !model.name().equals(entity.modelName())
                    || state.time() > nowMs) {
                continue;
            }
            StreamingScorer scorer = scorers.scorerFor(model);
            long before = scorer.evaluations();
            try {
                scorer.predict(state, nowMs, horizons, scorers.buffer());
            } catch (ScoringException e) {
                LOG.warn(
                        "the timer prediction for entity '{}' at {} under model {} failed ({}); it is tried again "
                                + "in the next round",
                        id,
                        nowMs,
                        model.label(),
                        e.getMessage());
                continue;
            }
            output.write(
                    id,
                    PredictionMapper.evolved(
                            id,
                            nowMs,
                            model,
                            scorers.buffer(),
                            scorer.evaluations() - before,
                            PredictionTrigger.TIMER,
                            maxTypes),
                    nowMs);
            written++;
        }
        return written;
    }
}
