package io.tempora.streams.processor;

import io.tempora.model.FeatureStatistics;
import io.tempora.model.PredictionBuffer;
import io.tempora.model.ScoringException;
import io.tempora.model.StreamingScorer;
import io.tempora.streams.model.ServingModel;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One processor's scorer for the serving model version: rebuilt, and warmed up before its first event,
 * when the version changes, so that no event pays for a model's one-time work (the processor also asks for
 * it when its task starts, so that a fresh instance's first events do not queue behind the warm-up). Confined to the processor's
 * stream thread (scorers are not thread-safe).
 */
final class ScorerHolder {

    private static final Logger LOG = LoggerFactory.getLogger(ScorerHolder.class);

    private final int horizonCount;
    private ServingModel handle;
    private StreamingScorer scorer;
    private PredictionBuffer buffer;
    private double[] features;

    ScorerHolder(int horizonCount) {
        this.horizonCount = horizonCount;
    }

    /** The scorer of {@code current}, built and warmed up if it is not the one held. */
    StreamingScorer scorerFor(ServingModel current) {
        // A ServingModel's model carries its name@version label, so the model object identifies the version.
        if (handle == null || handle.model() != current.model()) {
            StreamingScorer fresh;
            try {
                fresh = current.newScorer();
            } catch (ScoringException e) {
                // Warming is an optimisation: a version whose warm-up prediction fails still serves, and each
                // event it cannot solve becomes a SOLVER_FAILURE dead letter rather than a dead stream thread.
                LOG.warn("warming model {} failed ({}); it serves unwarmed", current.label(), e.getMessage());
                fresh = new StreamingScorer(current.model());
            }
            scorer = fresh;
            buffer = fresh.newPredictionBuffer(horizonCount);
            int f = current.model().features().size();
            features = f == 0 ? null : new double[f];
            handle = current;
        }
        return scorer;
    }

    /**
     * The raw feature vector of an event for {@code model} (the scorer standardises it): each of the model's
     * features by name, the training mean where the event lacks one; names the model does not know are
     * ignored. Null for a model without features. The array is reused by the next call.
     */
    double[] features(ServingModel model, Map<String, Double> byName) {
        if (features == null) {
            return null;
        }
        FeatureStatistics stats = model.model().features();
        for (int j = 0; j < features.length; j++) {
            Double v = byName.get(stats.names().get(j));
            features[j] = v == null ? stats.mean(j) : v;
        }
        return features;
    }

    /** The prediction buffer of the scorer last returned. */
    PredictionBuffer buffer() {
        return buffer;
    }
}
