package io.tempora.streams.processor;

import io.tempora.data.TypeVocabulary;
import io.tempora.model.FeatureStatistics;
import io.tempora.model.PredictionBuffer;
import io.tempora.schemas.EntityStatus;
import io.tempora.schemas.HorizonProbability;
import io.tempora.schemas.Prediction;
import io.tempora.schemas.PredictionTrigger;
import io.tempora.schemas.SolverStatistics;
import io.tempora.schemas.TimeQuantile;
import io.tempora.streams.model.ServingModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the Avro {@link Prediction} from what the scorer computed. The scorer works in the data's unit
 * (milliseconds here); the record gives intensities in events per second and the event's log-likelihood
 * as a density per second, the convention of the {@code Prediction} schema and of {@code evaluate}.
 */
public final class PredictionMapper {

    /** Milliseconds per second: intensities per ms times this are per second. */
    static final double MS_PER_SECOND = 1000.0;
    /** {@code ln 1000}: a log-density per millisecond plus this is the log-density per second. */
    static final double LOG_MS_PER_SECOND = Math.log(MS_PER_SECOND);

    /** The model version of a prediction made while no model is available. */
    public static final long NO_MODEL_VERSION = -1;
    /** The model name of a prediction made while no model is available. */
    public static final String NO_MODEL_NAME = "";

    private PredictionMapper() {}

    /**
     * The prediction after an accepted event.
     *
     * @param logLikelihoodMs the event's log-likelihood per millisecond, or NaN when the event was not
     *                        scored (an entity's first event is conditioned on, not scored)
     * @param evaluations     solver evaluations spent on the event (its segment and the prediction)
     * @param status          what the event found of its entity
     * @param maxTypes        the most types the record lists ({@link ListedTypes})
     */
    public static Prediction afterEvent(
            String entityId,
            long asOfMs,
            ServingModel model,
            PredictionBuffer p,
            double logLikelihoodMs,
            long evaluations,
            String sourceEventId,
            EntityStatus status,
            int maxTypes) {
        return predicted(
                entityId,
                asOfMs,
                model,
                p,
                logLikelihoodMs,
                evaluations,
                sourceEventId,
                PredictionTrigger.EVENT,
                status,
                maxTypes);
    }

    /**
     * A prediction with no event behind it ({@link PredictionTrigger#TIMER} or {@link PredictionTrigger#QUERY}):
     * the stored state evolved to {@code asOfMs}, so the entity is {@link EntityStatus#CONTINUING}, with no
     * log-likelihood and no source event.
     *
     * @param evaluations solver evaluations spent on the prediction
     * @param maxTypes    the most types the record lists ({@link ListedTypes})
     */
    public static Prediction evolved(
            String entityId,
            long asOfMs,
            ServingModel model,
            PredictionBuffer p,
            long evaluations,
            PredictionTrigger trigger,
            int maxTypes) {
        return predicted(
                entityId, asOfMs, model, p, Double.NaN, evaluations, null, trigger, EntityStatus.CONTINUING, maxTypes);
    }

    private static Prediction predicted(
            String entityId,
            long asOfMs,
            ServingModel model,
            PredictionBuffer p,
            double logLikelihoodMs,
            long evaluations,
            String sourceEventId,
            PredictionTrigger trigger,
            EntityStatus status,
            int maxTypes) {
        TypeVocabulary types = model.model().types();
        int[] listed = ListedTypes.of(p::nextTypeProbability, types.size(), maxTypes);
        int k = listed == null ? types.size() : listed.length;
        Map<String, Double> typeIntensities = new LinkedHashMap<>();
        for (int i = 0; i < k; i++) {
            int j = listed == null ? i : listed[i];
            typeIntensities.put(types.name(j), p.intensity(j) * MS_PER_SECOND);
        }
        List<HorizonProbability> horizons = new ArrayList<>(p.horizonCount());
        for (int h = 0; h < p.horizonCount(); h++) {
            Map<String, Double> perType = new LinkedHashMap<>();
            for (int i = 0; i < k; i++) {
                int j = listed == null ? i : listed[i];
                perType.put(types.name(j), p.probabilityWithin(h, j));
            }
            horizons.add(HorizonProbability.newBuilder()
                    .setHorizonMillis(Math.round(p.horizon(h)))
                    .setProbability(p.probabilityWithin(h))
                    .setTypeProbabilities(perType)
                    .build());
        }
        List<TimeQuantile> quantiles = new ArrayList<>(p.quantileCount());
        for (int q = 0; q < p.quantileCount(); q++) {
            double s = p.quantile(q);
            quantiles.add(TimeQuantile.newBuilder()
                    .setLevel(p.quantileLevels()[q])
                    .setMillisAfterAsOf(Double.isFinite(s) ? s : null)
                    .build());
        }
        Map<String, Double> nextType = new LinkedHashMap<>();
        for (int i = 0; i < k; i++) {
            int j = listed == null ? i : listed[i];
            double share = p.nextTypeProbability(j);
            if (Double.isFinite(share)) {
                nextType.put(types.name(j), share);
            }
        }
        FeatureStatistics features = model.model().features();
        Map<String, Double> nextFeatures = new LinkedHashMap<>();
        for (int j = 0; j < features.size(); j++) {
            nextFeatures.put(features.names().get(j), p.predictedFeature(j));
        }
        double maxHorizon = p.horizonCount() == 0 ? 0 : p.horizon(p.horizonCount() - 1);
        return Prediction.newBuilder()
                .setEntityId(entityId)
                .setAsOf(Instant.ofEpochMilli(asOfMs))
                .setModelName(model.name())
                .setModelVersion(model.version())
                .setTrigger(trigger)
                .setEventLogLikelihood(Double.isNaN(logLikelihoodMs) ? null : logLikelihoodMs + LOG_MS_PER_SECOND)
                .setTotalIntensity(p.totalIntensity() * MS_PER_SECOND)
                .setTypeIntensities(typeIntensities)
                .setHorizons(horizons)
                .setNextEventQuantiles(quantiles)
                .setExpectedMillisToNextEvent(p.expectedTimeToNext())
                .setTruncationHorizonMillis(Math.round(maxHorizon))
                .setNextTypeDistribution(nextType)
                .setPredictedNextFeatures(nextFeatures)
                .setSolverStatistics(SolverStatistics.newBuilder()
                        .setFunctionEvaluations((int) Math.min(Integer.MAX_VALUE, evaluations))
                        .build())
                .setSourceEventId(sourceEventId)
                .setEntityStatus(status)
                .build();
    }

    /**
     * The prediction after an event accepted while no model is available: model name
     * {@link #NO_MODEL_NAME}, version {@link #NO_MODEL_VERSION}, intensities and the expected wait NaN,
     * no horizons, quantiles or type distributions. The event is kept in the entity's ring and scored once
     * a model arrives.
     */
    public static Prediction withoutModel(String entityId, long asOfMs, String sourceEventId, EntityStatus status) {
        return Prediction.newBuilder()
                .setEntityId(entityId)
                .setAsOf(Instant.ofEpochMilli(asOfMs))
                .setModelName(NO_MODEL_NAME)
                .setModelVersion(NO_MODEL_VERSION)
                .setTrigger(PredictionTrigger.EVENT)
                .setEventLogLikelihood(null)
                .setTotalIntensity(Double.NaN)
                .setExpectedMillisToNextEvent(Double.NaN)
                .setTruncationHorizonMillis(0)
                .setSourceEventId(sourceEventId)
                .setEntityStatus(status)
                .build();
    }
}
