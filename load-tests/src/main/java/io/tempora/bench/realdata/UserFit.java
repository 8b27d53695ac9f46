package io.tempora.bench.realdata;

import io.tempora.data.Dataset;
import io.tempora.model.EventModel;
import io.tempora.model.train.EpochReport;
import io.tempora.model.train.Trainer;
import io.tempora.model.train.TrainingListener;
import io.tempora.model.train.TrainingResult;
import io.tempora.trainer.CapacitySearch;
import io.tempora.trainer.FitDefaults;
import java.util.ArrayList;
import java.util.List;

/**
 * The model a user gets from {@code ./tempora fit --train FILE --seconds S} (no validation file, default sizes):
 * {@link FitDefaults#plan}, and on small data {@link CapacitySearch} over its grid, otherwise one fit at the
 * default size; with every fit's training figures for the benchmark.
 *
 * @param model   the kept model
 * @param kept    the kept fit's result
 * @param results every fit's result (one without a search)
 */
record UserFit(EventModel model, TrainingResult kept, List<TrainingResult> results) {

    /** The seed {@code fit} uses by default. */
    static final long SEED = 1;

    static UserFit fit(Dataset train, double seconds, TrainingListener listener) {
        FitDefaults.Plan plan = FitDefaults.plan(train, null, null, SEED);
        if (CapacitySearch.applies(train)) {
            List<TrainingResult> results = new ArrayList<>();
            CapacitySearch.Outcome outcome = CapacitySearch.search(
                    train, plan, CapacitySearch.GRID, seconds, SEED, new CapacitySearch.Progress() {
                        @Override
                        public TrainingListener started(CapacitySearch.Candidate c, int index, double share) {
                            return listener;
                        }

                        @Override
                        public void finished(CapacitySearch.Trial trial) {
                            results.add(trial.result());
                        }
                    });
            return new UserFit(outcome.best().model(), outcome.best().result(), results);
        }
        EventModel model = EventModel.forDataset(train, FitDefaults.LATENT_DIM, FitDefaults.HIDDEN_DIM, SEED);
        TrainingResult r = new Trainer(plan.config().withTimeBudget(seconds)).train(model, plan.train(), listener);
        return new UserFit(model, r, List.of(r));
    }

    /** Training events per second over every fit's epochs (validation excluded, as each epoch reports it). */
    double trainingEventsPerSecond() {
        double events = 0;
        double seconds = 0;
        for (TrainingResult r : results) {
            for (EpochReport e : r.history()) {
                if (e.epoch() > 0 && e.eventsPerSecond() > 0 && !e.cut()) {
                    events += r.trainEvents();
                    seconds += r.trainEvents() / e.eventsPerSecond();
                }
            }
        }
        return seconds > 0 ? events / seconds : Double.NaN;
    }

    /** The kept fit's last full epoch's report. */
    EpochReport lastEpoch() {
        List<EpochReport> h = kept.history();
        for (int i = h.size() - 1; i > 0; i--) {
            if (!h.get(i).cut()) {
                return h.get(i);
            }
        }
        return h.get(h.size() - 1);
    }
}
