package io.tempora.trainer.experiment;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import io.tempora.model.EventModel;
import io.tempora.model.train.Trainer;
import io.tempora.model.train.TrainingConfig;
import io.tempora.model.train.TrainingListener;
import io.tempora.model.train.TrainingResult;
import io.tempora.pp.BenchmarkProcesses;
import io.tempora.pp.PointProcess;
import io.tempora.trainer.CapacitySearch;
import io.tempora.trainer.Evaluator;
import io.tempora.trainer.FitDefaults;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The measurement behind {@code fit}'s small-data defaults (docs/decisions.md, 2026-12-02): a benchmark process
 * simulated as many short histories, fitted the way {@code fit} does (or with a given size), scored on 300 other
 * histories under the evaluate convention against the true process and a homogeneous Poisson baseline with the
 * types' frequencies. A measurement, not a test: it runs only with {@code TEMPORA_EXPERIMENT=small-data}, e.g.
 * <pre>
 * TEMPORA_EXPERIMENT=small-data X_PROC=hawkes3type X_N=150 X_MODE=search X_BUDGET=80 \
 *   ./mvnw -B -q -pl trainer -am verify -Dtest=SmallDataExperiment -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Settings ({@code X_*} variables): process, histories, events per history, mode ({@code plan}: one fit with
 * {@link FitDefaults#plan}; {@code search}: {@link CapacitySearch}; {@code defaults}: the library defaults on the
 * held-out tails), budget (s), and for {@code plan} the size and weight decay.
 */
@EnabledIfEnvironmentVariable(named = "TEMPORA_EXPERIMENT", matches = "small-data")
class SmallDataExperiment {

    private static final int TEST_HISTORIES = 300;

    private static Dataset simulate(PointProcess p, int n, int len, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<EventSequence> seqs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            seqs.add(p.simulate(len, rng.split(), "e" + seed + "-" + i));
        }
        return Dataset.of(TypeVocabulary.numbered(p.numTypes()), seqs);
    }

    private static String setting(String name, String otherwise) {
        String v = System.getenv("X_" + name);
        return v == null ? otherwise : v;
    }

    /** Homogeneous Poisson with the types' frequencies, fitted on {@code train}, NLL per event on {@code test}. */
    private static double poisson(Dataset train, Dataset test) {
        double[] counts = new double[train.numTypes()];
        double events = 0;
        double span = 0;
        for (EventSequence s : train.sequences()) {
            for (int i = 1; i < s.size(); i++) {
                counts[s.type(i)]++;
                events++;
            }
            span += s.time(s.size() - 1) - s.time(0);
        }
        double rate = events / span;
        double ll = 0;
        long n = 0;
        for (EventSequence s : test.sequences()) {
            for (int i = 1; i < s.size(); i++) {
                ll += Math.log(rate * counts[s.type(i)] / events);
                n++;
            }
            ll -= rate * (s.time(s.size() - 1) - s.time(0));
        }
        return -ll / n;
    }

    @Test
    void run() {
        PointProcess p =
                BenchmarkProcesses.named(setting("PROC", "hawkes3type")).process();
        int n = Integer.parseInt(setting("N", "600"));
        int len = Integer.parseInt(setting("LEN", "5"));
        String mode = setting("MODE", "plan");
        double budget = Double.parseDouble(setting("BUDGET", "40"));
        int dim = Integer.parseInt(setting("DIM", "16"));
        int hidden = Integer.parseInt(setting("HIDDEN", "32"));
        double decay = Double.parseDouble(setting("WD", "0"));
        Dataset train = simulate(p, n, len, 1);
        Dataset test = simulate(p, TEST_HISTORIES, len, 3);
        double trueNll = 0;
        long events = 0;
        for (EventSequence s : test.sequences()) {
            trueNll -= p.logLikelihood(s, 1, s.size());
            events += s.size() - 1;
        }
        trueNll /= events;
        FitDefaults.Plan plan = FitDefaults.plan(train, null, null, 1);
        plan.choices().forEach(c -> System.out.println("  " + c));
        EventModel model;
        TrainingResult r;
        String what;
        if (mode.equals("search")) {
            CapacitySearch.Outcome o =
                    CapacitySearch.search(train, plan, CapacitySearch.GRID, budget, 1, new CapacitySearch.Progress() {
                        @Override
                        public TrainingListener started(CapacitySearch.Candidate c, int index, double seconds) {
                            return TrainingListener.NONE;
                        }

                        @Override
                        public void finished(CapacitySearch.Trial t) {
                            System.out.printf(
                                    Locale.ROOT,
                                    "  %s: validation %.4f, test %.4f, best epoch %d, %.0f s%n",
                                    t.candidate(),
                                    t.result().bestValidationNll(),
                                    Evaluator.evaluate(t.model(), test, 1).nllPerEvent(),
                                    t.result().bestEpoch(),
                                    t.result().seconds());
                        }
                    });
            model = o.best().model();
            r = o.best().result();
            what = "search, kept " + o.best().candidate();
        } else if (mode.equals("plan")) {
            model = EventModel.forDataset(train, dim, hidden, 1);
            var cfg = plan.config()
                    .withTimeBudget(budget)
                    .withRegularisation(decay, plan.config().gradientClip());
            r = new Trainer(cfg).train(model, plan.train(), plan.validation(), TrainingListener.NONE);
            what = "plan D=" + dim + " H=" + hidden + " weight decay " + decay;
        } else {
            model = EventModel.forDataset(train, dim, hidden, 1);
            var cfg = TrainingConfig.defaults().withTimeBudget(budget).withSeed(1);
            r = new Trainer(cfg).train(model, train, TrainingListener.NONE);
            what = "library defaults on the tails, D=" + dim + " H=" + hidden;
        }
        double nll = Evaluator.evaluate(model, test, 1).nllPerEvent();
        System.out.printf(
                Locale.ROOT,
                "RESULT %s, %d histories of %d events, %s: test NLL %.4f, true %.4f (gap %.4f), Poisson %.4f;"
                        + " best epoch %d, %.0f s%n",
                setting("PROC", "hawkes3type"),
                n,
                len,
                what,
                nll,
                trueNll,
                nll - trueNll,
                poisson(train, test),
                r.bestEpoch(),
                r.seconds());
    }
}
