package io.tempora.trainer;

import io.tempora.data.TypeVocabulary;
import io.tempora.model.EventModel;
import io.tempora.model.FeatureStatistics;
import io.tempora.model.ModelArchitecture;

/**
 * Models whose intensities are constants, the fixture of the closed-form checks: every weight is zero, so the latent
 * state never moves and each {@code λ_k} is the softplus of its bias alone.
 */
public final class ConstantIntensityModels {

    private static final int LATENT_DIM = 4;
    private static final int HIDDEN_DIM = 6;

    private ConstantIntensityModels() {}

    /**
     * A model with time unit {@code timeUnitMs} whose type {@code k} (named by {@code types}, in order) has the
     * constant intensity {@code ratesPerSecond[k]} events per second.
     */
    public static EventModel of(double timeUnitMs, TypeVocabulary types, double... ratesPerSecond) {
        int k = ratesPerSecond.length;
        if (types.size() != k) {
            throw new IllegalArgumentException(types.size() + " type names for " + k + " rates");
        }
        ModelArchitecture arch =
                new ModelArchitecture(LATENT_DIM, HIDDEN_DIM, ModelArchitecture.DEFAULT_EMBEDDING_DIM, k, 0);
        EventModel model = EventModel.zeros(arch, timeUnitMs, types, FeatureStatistics.NONE, "constant");
        model.parameters().update(v -> {
            for (int j = 0; j < k; j++) {
                double perModelUnit = ratesPerSecond[j] * timeUnitMs / Evaluator.MILLIS_PER_SECOND;
                v[model.intensity().bias().offset() + j] = EventModel.inverseSoftplus(perModelUnit);
            }
        });
        return model;
    }
}
