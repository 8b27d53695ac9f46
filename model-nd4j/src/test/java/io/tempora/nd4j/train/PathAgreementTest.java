package io.tempora.nd4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tempora.adjoint.AdjointMethod;
import io.tempora.adjoint.DirectBackprop;
import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import io.tempora.model.EntityState;
import io.tempora.model.EventModel;
import io.tempora.model.FeatureStatistics;
import io.tempora.model.ModelArchitecture;
import io.tempora.model.StreamingScorer;
import io.tempora.model.train.WindowGradient;
import io.tempora.ode.DormandPrince54;
import io.tempora.ode.SolverSettings;
import io.tempora.ode.Tolerances;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The streaming scorer, the plain training path and the batched ND4J path compute the same
 * log-likelihood for the same history, and the two training paths the same gradient: the batched
 * path solves all windows' segments together on a rescaled clock, so they agree to the solver's
 * tolerance rather than bit for bit.
 */
class PathAgreementTest {

    private static final SolverSettings TIGHT =
            SolverSettings.adaptive(DormandPrince54.TABLEAU, Tolerances.of(1e-11, 1e-13));

    @Test
    void streamingPlainAndBatchedPathsAgree() {
        EventModel m = model();
        EventSequence s = sequence();
        EventSequence longer = new EventSequence(
                "f",
                new double[] {1, 2, 9, 15, 15.5, 30, 31, 33, 50, 64},
                new int[] {1, 1, 0, 0, 1, 0, 1, 1, 0, 1},
                new double[][] {{1}, {0}, {2}, {-1}, {4}, {1}, {1}, {0}, {3}, {2}});
        int d = m.architecture().latentDim();
        double[] h0 = new double[d];
        System.arraycopy(m.parameters().values(), m.initialState().offset(), h0, 0, d);

        // Window 2 starts after event 3 of `longer`, from the state the streaming filter reaches there.
        StreamingScorer scorer = new StreamingScorer(m, TIGHT);
        EntityState st = scorer.newState(longer.time(0));
        for (int i = 0; i < 4; i++) {
            scorer.observe(st, longer.time(i), longer.type(i), new double[] {longer.feature(i, 0)});
        }
        EventSequence[] seqs = {s, longer, longer};
        int[] from = {0, 0, 4};
        int[] to = {s.size(), 4, 10};
        double[][] start = {h0, h0, st.latent()};
        double[] startTime = {s.time(0), longer.time(0), longer.time(3)};
        boolean[] origin = {true, true, false};

        for (String method : new String[] {"adjoint", "direct"}) {
            WindowGradient plain = new WindowGradient(
                    m,
                    method.equals("adjoint") ? AdjointMethod.of(TIGHT).seminorm(true) : new DirectBackprop(TIGHT),
                    TIGHT);
            BatchedWindowGradient batched = new BatchedWindowGradient(
                    m,
                    4,
                    method.equals("adjoint") ? AdjointMethod.of(TIGHT).seminorm(true) : new DirectBackprop(TIGHT),
                    TIGHT);
            double[] gPlain = new double[m.parameters().size()];
            double nllPlain = 0;
            for (int b = 0; b < 3; b++) {
                nllPlain += plain.compute(seqs[b], from[b], to[b], start[b], startTime[b], origin[b], gPlain);
            }
            double[] gBatched = new double[m.parameters().size()];
            double[][] ends = new double[3][d];
            double nllBatched = batched.compute(3, seqs, from, to, start, startTime, origin, gBatched, ends);
            assertThat(nllBatched).as(method).isCloseTo(nllPlain, within(1e-9));
            double scale = 0;
            for (double g : gPlain) {
                scale = Math.max(scale, Math.abs(g));
            }
            for (int i = 0; i < gPlain.length; i++) {
                assertThat(gBatched[i]).as("%s gradient %d", method, i).isCloseTo(gPlain[i], within(1e-6 * scale));
            }
            // The batched end state of the last window is the streaming state after the whole sequence.
            EntityState all = scorer.newState(longer.time(0));
            for (int i = 0; i < longer.size(); i++) {
                scorer.observe(all, longer.time(i), longer.type(i), new double[] {longer.feature(i, 0)});
            }
            for (int j = 0; j < d; j++) {
                assertThat(ends[2][j]).isCloseTo(all.latent(j), within(1e-9));
            }
        }

        // And the streaming likelihood (data units) of the whole first sequence is the plain/batched value.
        double stream = scorer.logLikelihood(s, 0, s.size(), s.time(0));
        double[][] one = {h0};
        double nll = new BatchedWindowGradient(m, 1, new DirectBackprop(TIGHT), TIGHT)
                .compute(
                        1,
                        new EventSequence[] {s},
                        new int[] {0},
                        new int[] {s.size()},
                        one,
                        new double[] {s.time(0)},
                        new boolean[] {true},
                        null,
                        null);
        double dataUnits =
                -nll - s.size() * (Math.log(m.timeUnit()) + m.features().logJacobian());
        assertThat(dataUnits).isCloseTo(stream, within(1e-9));
    }

    /** A small model with non-zero biases and initial state, so every parameter's gradient is exercised. */
    private static EventModel model() {
        ModelArchitecture a = new ModelArchitecture(4, 6, 3, 2, 1);
        FeatureStatistics fs = new FeatureStatistics(List.of("x"), new double[] {1.0}, new double[] {2.0});
        EventModel m = EventModel.create(a, 10.0, TypeVocabulary.numbered(2), fs, "fd", 5);
        SplittableRandom rng = new SplittableRandom(9);
        m.parameters().update(v -> {
            for (int i = 0; i < v.length; i++) {
                v[i] += 0.2 * (rng.nextDouble() - 0.5);
            }
        });
        return m;
    }

    private static EventSequence sequence() {
        double[] times = {3, 11, 11, 24, 40, 47, 70};
        int[] types = {0, 1, 1, 0, 1, 0, 0};
        double[][] x = {{0.5}, {2}, {-1}, {3}, {1}, {0}, {2.5}};
        return new EventSequence("e", times, types, x);
    }
}
