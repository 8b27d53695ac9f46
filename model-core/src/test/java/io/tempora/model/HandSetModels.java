package io.tempora.model;

import io.tempora.data.TypeVocabulary;

/** Models whose parameters are set by hand, so their behaviour has closed forms. */
final class HandSetModels {

    private HandSetModels() {}

    /**
     * Zero dynamics, zero intensity weights and biases {@code softplus(b_k) = rates[k] · timeUnit}: a
     * homogeneous Poisson process with rate {@code rates[k]} per data unit for type k, whatever the state.
     */
    static EventModel poisson(double timeUnit, double... rates) {
        ModelArchitecture a = new ModelArchitecture(4, 6, 3, rates.length, 0);
        EventModel m =
                EventModel.zeros(a, timeUnit, TypeVocabulary.numbered(rates.length), FeatureStatistics.NONE, "poisson");
        for (int k = 0; k < rates.length; k++) {
            m.parameters().set(m.intensity().bias().offset() + k, EventModel.inverseSoftplus(rates[k] * timeUnit));
        }
        return m;
    }
}
