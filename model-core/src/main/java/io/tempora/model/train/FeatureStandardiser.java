package io.tempora.model.train;

import io.tempora.data.EventSequence;
import io.tempora.model.EventModel;
import io.tempora.model.FeatureStatistics;

/** Standardises one event's features with the model's statistics, for every training path. */
public final class FeatureStandardiser {

    private FeatureStandardiser() {}

    /** Writes event {@code event}'s features of {@code sequence}, standardised, into {@code out}. */
    public static void standardise(EventModel model, EventSequence sequence, int event, double[] out) {
        FeatureStatistics s = model.features();
        for (int j = 0; j < out.length; j++) {
            out[j] = (sequence.feature(event, j) - s.mean(j)) / s.sd(j);
        }
    }
}
