package io.tempora.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tempora.adjoint.AdjointMethod;
import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import io.tempora.model.EventModel;
import io.tempora.model.FeatureStatistics;
import io.tempora.model.ModelArchitecture;
import io.tempora.model.StreamingScorer;
import io.tempora.model.TypeForm;
import io.tempora.nn.Parameter;
import io.tempora.ode.DormandPrince54;
import io.tempora.ode.SolverSettings;
import io.tempora.ode.Tolerances;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The factored form's window NLL and gradient: equal to the streaming likelihood, and to finite differences. */
class FactoredWindowGradientTest {

    private static final SolverSettings TIGHT =
            SolverSettings.adaptive(DormandPrince54.TABLEAU, Tolerances.of(1e-11, 1e-13));

    private static final int K = 12;

    private static EventModel model() {
        ModelArchitecture a = new ModelArchitecture(4, 6, 3, K, 1, TypeForm.FACTORED);
        FeatureStatistics fs = new FeatureStatistics(List.of("x"), new double[] {1.0}, new double[] {2.0});
        EventModel m = EventModel.create(a, 10.0, TypeVocabulary.numbered(K), fs, "fd", 5);
        SplittableRandom rng = new SplittableRandom(9);
        m.parameters().update(v -> {
            for (int i = 0; i < v.length; i++) {
                v[i] += 0.4 * (rng.nextDouble() - 0.5);
            }
        });
        return m;
    }

    private static EventSequence sequence() {
        double[] times = {3, 11, 11, 24, 40, 47, 70};
        int[] types = {0, 7, 7, 11, 3, 0, 9};
        double[][] x = {{0.5}, {2}, {-1}, {3}, {1}, {0}, {2.5}};
        return new EventSequence("e", times, types, x);
    }

    private static double nll(EventModel m, EventSequence seq, double[] grad) {
        double[] start = new double[4];
        System.arraycopy(m.parameters().values(), m.initialState().offset(), start, 0, 4);
        return new WindowGradient(m, AdjointMethod.of(TIGHT).seminorm(true), TIGHT)
                .compute(seq, 0, seq.size(), start, 0.0, true, grad);
    }

    @Test
    void gradientMatchesCentralFiniteDifferences() {
        EventModel m = model();
        EventSequence seq = sequence();
        double[] grad = new double[m.parameters().size()];
        nll(m, seq, grad);
        double[] v = m.parameters().values();
        double eps = 1e-5;
        int checked = 0;
        for (Parameter p : m.parameters().parameters()) {
            for (int k = 0; k < p.size(); k += Math.max(1, p.size() / 6)) {
                int i = p.offset() + k;
                double old = v[i];
                v[i] = old + eps;
                double plus = nll(m, seq, null);
                v[i] = old - eps;
                double minus = nll(m, seq, null);
                v[i] = old;
                double fd = (plus - minus) / (2 * eps);
                assertThat(grad[i]).as("%s[%d]", p.name(), k).isCloseTo(fd, within(2e-6 * Math.max(1, Math.abs(fd))));
                checked++;
            }
        }
        // Every tensor, the type head's class and type layers among them.
        assertThat(m.parameters().parameters())
                .extracting(Parameter::name)
                .contains("types.class.weight", "types.type.bias");
        assertThat(checked).isGreaterThan(40);
    }

    @Test
    void windowValueEqualsTheStreamingLikelihood() {
        EventModel m = model();
        EventSequence seq = sequence();
        double stream = new StreamingScorer(m, TIGHT).logLikelihood(seq, 0, seq.size(), 0.0);
        double dataUnits = -nll(m, seq, null) - seq.size() * (Math.log(10.0) + Math.log(2.0));
        assertThat(dataUnits).isCloseTo(stream, within(1e-9));
    }
}
