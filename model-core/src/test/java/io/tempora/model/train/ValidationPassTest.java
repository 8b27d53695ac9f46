package io.tempora.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.model.EntityState;
import io.tempora.model.EventModel;
import io.tempora.model.StreamingScorer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ValidationPassTest {

    private static final long NO_DEADLINE = Long.MAX_VALUE;

    /** Each sequence's tail from 80% on, as the trainer holds it out. */
    private static int[] tails(List<EventSequence> seqs) {
        int[] from = new int[seqs.size()];
        for (int s = 0; s < from.length; s++) {
            from[s] = seqs.get(s).size() - (int) Math.round(0.2 * seqs.get(s).size());
        }
        return from;
    }

    private static ValidationPass.Windows windows(WindowLayout layout) {
        boolean[] all = new boolean[layout.windows.size()];
        java.util.Arrays.fill(all, true);
        return new ValidationPass.Windows(layout.windows, all, layout.starts);
    }

    @Test
    void oneAndTwoThreadsGiveBitIdenticalFiguresAndStartStates() {
        Dataset data = TrainerTest.hawkes();
        List<EventSequence> seqs = data.sequences();
        EventModel model = EventModel.forDataset(data, 6, 8, 4);
        int[] from = tails(seqs);
        WindowLayout one = new WindowLayout(from, 25, 8, 6);
        WindowLayout two = new WindowLayout(from, 25, 8, 6);
        one.cut(7);
        two.cut(7);
        ValidationPass.Result r1;
        ValidationPass.Result r2;
        try (ValidationPass p1 = new ValidationPass(model, TrainerTest.TIGHT_SOLVER, 1, System::nanoTime);
                ValidationPass p2 = new ValidationPass(model, TrainerTest.TIGHT_SOLVER, 2, System::nanoTime)) {
            r1 = p1.run(seqs, from, false, windows(one), NO_DEADLINE);
            r2 = p2.run(seqs, from, false, windows(two), NO_DEADLINE);
        }
        assertThat(r2.logLikelihood()).isEqualTo(r1.logLikelihood());
        assertThat(r2.scored()).isEqualTo(r1.scored()).isEqualTo(r1.toScore());
        assertThat(r1.complete()).isTrue();
        assertThat(r2.complete()).isTrue();
        assertThat(two.starts).isDeepEqualTo(one.starts);
    }

    @Test
    void theTailsScoreAsTheScorerScoresThemAndEveryWindowStartsFromTheFilteredState() {
        Dataset data = TrainerTest.hawkes();
        List<EventSequence> seqs = data.sequences();
        EventModel model = EventModel.forDataset(data, 6, 8, 4);
        int[] from = tails(seqs);
        WindowLayout layout = new WindowLayout(from, 25, 8, 6);
        layout.cut(3);
        ValidationPass.Result r;
        try (ValidationPass p = new ValidationPass(model, TrainerTest.TIGHT_SOLVER, 2, System::nanoTime)) {
            r = p.run(seqs, from, false, windows(layout), NO_DEADLINE);
        }
        StreamingScorer scorer = new StreamingScorer(model, TrainerTest.TIGHT_SOLVER);
        double ll = 0;
        for (int s = 0; s < seqs.size(); s++) {
            ll += scorer.logLikelihood(
                    seqs.get(s), from[s], seqs.get(s).size(), seqs.get(s).time(0));
        }
        assertThat(r.logLikelihood()).isCloseTo(ll, within(1e-9 * Math.abs(ll)));
        // A window starting at event i starts from the state after events [0, i) of its sequence.
        for (int w = 0; w < layout.windows.size(); w++) {
            Trainer.WindowRef ref = layout.windows.get(w);
            EventSequence seq = seqs.get(ref.sequence());
            EntityState state = scorer.newState(seq.time(0));
            for (int i = 0; i < ref.from(); i++) {
                scorer.observe(state, seq.time(i), seq.type(i));
            }
            for (int j = 0; j < 6; j++) {
                assertThat(layout.starts[w][j])
                        .as("window %d, component %d", w, j)
                        .isEqualTo(state.latent(j));
            }
        }
    }

    @Test
    void conditioningOnTheFirstEventScoresTheOthersAsTheEvaluateConventionDoes() {
        Dataset data = TrainerTest.hawkes();
        List<EventSequence> seqs = data.sequences();
        EventModel model = EventModel.forDataset(data, 6, 8, 4);
        int[] second = new int[seqs.size()];
        java.util.Arrays.fill(second, 1);
        ValidationPass.Result r;
        try (ValidationPass p = new ValidationPass(model, TrainerTest.TIGHT_SOLVER, 2, System::nanoTime)) {
            r = p.run(seqs, second, true, null, NO_DEADLINE);
        }
        StreamingScorer scorer = new StreamingScorer(model, TrainerTest.TIGHT_SOLVER);
        double ll = 0;
        long n = 0;
        for (EventSequence s : seqs) {
            EntityState state = scorer.start(s.time(0), s.type(0));
            for (int i = 1; i < s.size(); i++) {
                ll += scorer.observe(state, s.time(i), s.type(i));
                n++;
            }
        }
        assertThat(r.scored()).isEqualTo(n);
        assertThat(r.logLikelihood()).isCloseTo(ll, within(1e-9 * Math.abs(ll)));
    }

    @Test
    void aPassStopsAtTheDeadlineAndSaysHowMuchItScored() {
        Dataset data = TrainerTest.hawkes();
        List<EventSequence> seqs = data.sequences();
        EventModel model = EventModel.forDataset(data, 6, 8, 4);
        int[] all = new int[seqs.size()];
        // One clock reading per observed event: the deadline falls after 500 of the 1800 events.
        AtomicLong clock = new AtomicLong();
        ValidationPass.Result r;
        try (ValidationPass p = new ValidationPass(model, TrainerTest.TIGHT_SOLVER, 1, clock::getAndIncrement)) {
            r = p.run(seqs, all, false, null, 500);
        }
        assertThat(r.complete()).isFalse();
        assertThat(r.scored()).isEqualTo(500);
        assertThat(r.toScore()).isEqualTo(1800);
        StreamingScorer scorer = new StreamingScorer(model, TrainerTest.TIGHT_SOLVER);
        double ll = 0;
        for (int s = 0; s < 3; s++) {
            ll += scorer.logLikelihood(seqs.get(s), 0, 150, seqs.get(s).time(0));
        }
        ll += scorer.logLikelihood(seqs.get(3), 0, 50, seqs.get(3).time(0));
        assertThat(r.logLikelihood()).isCloseTo(ll, within(1e-9 * Math.abs(ll)));
    }
}
