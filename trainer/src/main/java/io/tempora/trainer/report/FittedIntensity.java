package io.tempora.trainer.report;

import io.tempora.data.EventSequence;
import io.tempora.model.EntityState;
import io.tempora.model.EventModel;
import io.tempora.model.StreamingScorer;

/**
 * A model's conditional intensity along a sequence, computed with its {@link StreamingScorer} the way serving
 * computes it: the history starts at the first event ({@link StreamingScorer#start}, conditioned on, as the
 * likelihood convention does), each later event is {@link StreamingScorer#observe observed} in order, and between
 * events {@link StreamingScorer#typeProbabilities} reads {@code λ(t⁻)} and the type shares at a grid point without
 * changing the state.
 */
public final class FittedIntensity {

    private FittedIntensity() {}

    /**
     * The intensity on {@code grid} (built over {@code s}), per second.
     *
     * @param dataUnitsPerSecond the data's time units per second (1000 for {@link io.tempora.data.EventCsvReader})
     * @param withTypes          whether to keep each type's intensity as well as the total
     * @throws io.tempora.model.ScoringException if a segment solve fails
     */
    public static IntensitySeries along(
            EventModel model, EventSequence s, IntensityGrid grid, double dataUnitsPerSecond, boolean withTypes) {
        StreamingScorer scorer = new StreamingScorer(model);
        int k = model.architecture().numTypes();
        boolean features = model.architecture().numFeatures() > 0;
        double[] shares = new double[k];
        double[] total = new double[grid.size()];
        double[][] byType = withTypes ? new double[k][grid.size()] : null;
        EntityState state = null;
        int observed = 0;
        for (int p = 0; p < grid.size(); p++) {
            for (; observed < grid.observed()[p]; observed++) {
                double[] x = features ? s.featuresOf(observed) : null;
                if (observed == 0) {
                    state = scorer.start(s.time(0), s.type(0), x);
                } else {
                    scorer.observe(state, s.time(observed), s.type(observed), x);
                }
            }
            double perSecond = scorer.typeProbabilities(state, grid.times()[p], shares) * dataUnitsPerSecond;
            total[p] = perSecond;
            if (withTypes) {
                for (int j = 0; j < k; j++) {
                    byType[j][p] = shares[j] * perSecond;
                }
            }
        }
        return new IntensitySeries(total, byType);
    }
}
