package io.tempora.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tempora.adjoint.AdjointMethod;
import io.tempora.adjoint.DirectBackprop;
import io.tempora.adjoint.GradientMethod;
import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import io.tempora.model.EventModel;
import io.tempora.model.FeatureStatistics;
import io.tempora.model.ModelArchitecture;
import io.tempora.model.StreamingScorer;
import io.tempora.nn.Parameter;
import io.tempora.ode.DormandPrince54;
import io.tempora.ode.SolverSettings;
import io.tempora.ode.Tolerances;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WindowGradientTest {

    private static final SolverSettings TIGHT =
            SolverSettings.adaptive(DormandPrince54.TABLEAU, Tolerances.of(1e-11, 1e-13));

    static EventModel model() {
        ModelArchitecture a = new ModelArchitecture(4, 6, 3, 2, 1);
        FeatureStatistics fs = new FeatureStatistics(List.of("x"), new double[] {1.0}, new double[] {2.0});
        EventModel m = EventModel.create(a, 10.0, TypeVocabulary.numbered(2), fs, "fd", 5);
        // Non-zero biases and initial state, so every parameter's gradient is exercised.
        SplittableRandom rng = new SplittableRandom(9);
        m.parameters().update(v -> {
            for (int i = 0; i < v.length; i++) {
                v[i] += 0.2 * (rng.nextDouble() - 0.5);
            }
        });
        return m;
    }

    static EventSequence sequence() {
        double[] times = {3, 11, 11, 24, 40, 47, 70};
        int[] types = {0, 1, 1, 0, 1, 0, 0};
        double[][] x = {{0.5}, {2}, {-1}, {3}, {1}, {0}, {2.5}};
        return new EventSequence("e", times, types, x);
    }

    static Function<EventModel, GradientMethod> method(String name) {
        return switch (name) {
            case "adjoint" -> m -> AdjointMethod.of(TIGHT).seminorm(true);
            case "direct" -> m -> new DirectBackprop(TIGHT);
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"adjoint", "direct"})
    void gradientMatchesCentralFiniteDifferences(String methodName) {
        EventModel m = model();
        EventSequence seq = sequence();
        WindowGradient wg = new WindowGradient(m, method(methodName).apply(m), TIGHT);
        double[] start = new double[4];
        System.arraycopy(m.parameters().values(), m.initialState().offset(), start, 0, 4);
        double[] grad = new double[m.parameters().size()];
        wg.compute(seq, 0, seq.size(), start, 0.0, true, grad);

        double[] v = m.parameters().values();
        double eps = 1e-5;
        int checked = 0;
        for (Parameter p : m.parameters().parameters()) {
            for (int k = 0; k < p.size(); k += Math.max(1, p.size() / 5)) {
                int i = p.offset() + k;
                double old = v[i];
                v[i] = old + eps;
                double plus = nll(m, seq);
                v[i] = old - eps;
                double minus = nll(m, seq);
                v[i] = old;
                double fd = (plus - minus) / (2 * eps);
                assertThat(grad[i])
                        .as("%s[%d] (%s)", p.name(), k, methodName)
                        .isCloseTo(fd, within(2e-6 * Math.max(1, Math.abs(fd))));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(30);
    }

    private static double nll(EventModel m, EventSequence seq) {
        double[] start = new double[4];
        System.arraycopy(m.parameters().values(), m.initialState().offset(), start, 0, 4);
        return new WindowGradient(m, new DirectBackprop(TIGHT), TIGHT)
                .compute(seq, 0, seq.size(), start, 0.0, true, null);
    }

    @Test
    void windowValueEqualsTheStreamingLikelihood() {
        EventModel m = model();
        EventSequence seq = sequence();
        double stream = new StreamingScorer(m, TIGHT).logLikelihood(seq, 0, seq.size(), 0.0);
        double[] start = new double[4];
        System.arraycopy(m.parameters().values(), m.initialState().offset(), start, 0, 4);
        double nll = new WindowGradient(m, new DirectBackprop(TIGHT), TIGHT)
                .compute(seq, 0, seq.size(), start, 0.0, true, null);
        double dataUnits = -nll - seq.size() * (Math.log(10.0) + Math.log(2.0));
        assertThat(dataUnits).isCloseTo(stream, within(1e-12));
    }

    @Test
    void longGapsAreCheckpointedSoTheAdjointStaysFiniteAndAgreesWithDirectBackprop() {
        // A gap of 3000 model units: integrating the contracting state backwards over it in one piece
        // overflows; in checkpointed pieces the adjoint matches direct backpropagation.
        EventModel m = model();
        EventSequence seq = new EventSequence(
                "long", new double[] {0, 5, 30_005, 30_010}, new int[] {0, 1, 0, 1}, new double[][] {{1}, {0}, {2}, {1}
                });
        double[] start = new double[4];
        System.arraycopy(m.parameters().values(), m.initialState().offset(), start, 0, 4);
        SolverSettings settings = SolverSettings.adaptive(DormandPrince54.TABLEAU, Tolerances.of(1e-9, 1e-11));
        double[] adjoint = new double[m.parameters().size()];
        double[] direct = new double[m.parameters().size()];
        double a = new WindowGradient(m, AdjointMethod.of(settings).seminorm(true), settings)
                .compute(seq, 0, 4, start, 0, true, adjoint);
        double b = new WindowGradient(m, new DirectBackprop(settings), settings)
                .compute(seq, 0, 4, start, 0, true, direct);
        assertThat(a).isEqualTo(b);
        double scale = 0;
        for (double g : direct) {
            scale = Math.max(scale, Math.abs(g));
        }
        for (int i = 0; i < direct.length; i++) {
            assertThat(adjoint[i]).as("gradient %d", i).isCloseTo(direct[i], within(1e-5 * scale));
        }
    }
}
