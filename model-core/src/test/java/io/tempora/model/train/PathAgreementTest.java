package io.tempora.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tempora.adjoint.AdjointMethod;
import io.tempora.adjoint.DirectBackprop;
import io.tempora.data.EventSequence;
import io.tempora.model.EntityState;
import io.tempora.model.EventModel;
import io.tempora.model.StreamingScorer;
import io.tempora.ode.DormandPrince54;
import io.tempora.ode.SolverSettings;
import io.tempora.ode.Tolerances;
import org.junit.jupiter.api.Test;

/**
 * The streaming scorer, the plain training path and the batched ND4J path compute the same
 * log-likelihood for the same history, and the two training paths the same gradient: the batched
 * path solves all windows' segments together on a rescaled clock, so they agree to the solver's
 * tolerance rather than bit for bit.
 */
class PathAgreementTest {

    private static final SolverSettings TIGHT = SolverSettings.adaptive(DormandPrince54.TABLEAU, Tolerances.of(1e-11, 1e-13));

    @Test
    void streamingPlainAndBatchedPathsAgree() {
        EventModel m = WindowGradientTest.model();
        EventSequence s = WindowGradientTest.sequence();
        EventSequence longer = new EventSequence("f", new double[] {1, 2, 9, 15, 15.5, 30, 31, 33, 50, 64},
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
            WindowGradient plain = new WindowGradient(m, method.equals("adjoint") ? AdjointMethod.of(TIGHT).seminorm(true)
                    : new DirectBackprop(TIGHT), TIGHT);
            BatchedWindowGradient batched = new BatchedWindowGradient(m, 4, method.equals("adjoint")
                    ? AdjointMethod.of(TIGHT).seminorm(true) : new DirectBackprop(TIGHT), TIGHT);
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
        double nll = new BatchedWindowGradient(m, 1, new DirectBackprop(TIGHT), TIGHT).compute(1,
                new EventSequence[] {s}, new int[] {0}, new int[] {s.size()}, one, new double[] {s.time(0)},
                new boolean[] {true}, null, null);
        double dataUnits = -nll - s.size() * (Math.log(m.timeUnit()) + m.features().logJacobian());
        assertThat(dataUnits).isCloseTo(stream, within(1e-9));
    }
}
