package io.tempora.streams.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tempora.model.EntityState;
import io.tempora.model.StreamingScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ServingModelTest {

    private static final int THREADS = 4;
    private static final int EVENTS = 200;
    private static final double GAP_MILLIS = 700;

    private final ServingModel serving =
            new ModelValidator(Optional.empty()).validate("churn", TestModels.record("churn", 2));

    @Test
    void theLabelIsNameAtVersion() {
        assertThat(ServingModel.label("churn", 7)).isEqualTo("churn@7");
        assertThat(serving.label()).isEqualTo("churn@2");
        assertThatThrownBy(() -> new ServingModel(
                        "churn",
                        3,
                        serving.model(),
                        serving.checksum(),
                        serving.createdAt(),
                        serving.parentVersion(),
                        false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'churn@3'");
    }

    @Test
    void scorersBuiltOnManyThreadsFromOneSharedModelAgreeWithOneBuiltAlone() throws Exception {
        double[] reference = score(serving.newScorer());
        double[] parametersBefore = serving.model().parameters().copyValues();

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<double[]>> results = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                results.add(pool.submit(() -> score(serving.newScorer())));
            }
            for (Future<double[]> r : results) {
                assertThat(r.get()).containsExactly(reference);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(serving.model().parameters().values())
                .as("scoring never writes the shared model")
                .containsExactly(parametersBefore);
    }

    /** The log-likelihoods of a fixed history of {@link #EVENTS} events. */
    private static double[] score(StreamingScorer scorer) {
        EntityState state = scorer.newState(0);
        double[] ll = new double[EVENTS];
        double t = 0;
        for (int i = 0; i < EVENTS; i++) {
            t += GAP_MILLIS * (1 + i % 3);
            ll[i] = scorer.observe(state, t, i % 2, new double[] {10 + i % 7});
        }
        return ll;
    }
}
