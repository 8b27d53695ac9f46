package io.tempora.trainer;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.model.EntityState;
import io.tempora.model.EventModel;
import io.tempora.model.StreamingScorer;
import io.tempora.model.train.Trainer;
import io.tempora.model.train.TrainingConfig;
import io.tempora.model.train.TrainingListener;
import io.tempora.model.train.TrainingResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Capacity and regularisation chosen by validation on small data: a fit of a few thousand events, a handful per
 * sequence, overfits the default model (D=16, H=32) within a couple of epochs, and a smaller or weight-decayed one
 * does better (figures in {@code docs/decisions.md}, 2026-12-02). On training data under {@value #SMALL_DATA_EVENTS}
 * events {@code fit} trains each candidate of {@link #GRID} with the plan's configuration and early stopping, and
 * keeps, by the one-standard-error rule (Hastie, Tibshirani &amp; Friedman, <i>Elements of Statistical Learning</i>,
 * §7.10), the simplest candidate whose validation log-likelihood is within one standard error of the best one's: the
 * error of the mean per-event difference, paired event by event on the same validation events. Small data has a
 * small validation set, whose mean NLL alone cannot tell the candidates apart (the small-data figures behind this rule
 * are in docs/decisions.md). A time budget is shared: each candidate may use what is
 * left divided by the candidates left, so time one leaves by stopping early goes to the next.
 */
public final class CapacitySearch {

    /** Training data below this many events is small: the capacity is chosen by validation. */
    public static final long SMALL_DATA_EVENTS = 20_000;

    /** A model size and weight decay to try. */
    public record Candidate(int latentDim, int hiddenDim, double weightDecay) {

        @Override
        public String toString() {
            return "D=" + latentDim + " H=" + hiddenDim + " weight decay " + weightDecay;
        }
    }

    /** Weight decay of the regularised candidates (decoupled, AdamW). */
    static final double WEIGHT_DECAY = 0.1;

    /**
     * The candidates, simplest first (the order the one-standard-error rule prefers): a small model (D=4, H=8)
     * weight-decayed and plain, then the default size weight-decayed and plain.
     */
    public static final List<Candidate> GRID = List.of(
            new Candidate(4, 8, WEIGHT_DECAY),
            new Candidate(4, 8, 0),
            new Candidate(FitDefaults.LATENT_DIM, FitDefaults.HIDDEN_DIM, WEIGHT_DECAY),
            new Candidate(FitDefaults.LATENT_DIM, FitDefaults.HIDDEN_DIM, 0));

    /**
     * One candidate's fit.
     *
     * @param validation the log-likelihood of every validation event under the kept parameters (data units), in
     *                   a fixed order, the same for every candidate
     */
    public record Trial(Candidate candidate, EventModel model, TrainingResult result, double[] validation) {

        /** The NLL per validation event (data units), NaN without validation events. */
        public double validationNll() {
            double sum = 0;
            for (double v : validation) {
                sum += v;
            }
            return validation.length > 0 ? -sum / validation.length : Double.NaN;
        }
    }

    /**
     * All the trials and the kept one.
     *
     * @param best       the kept trial (the simplest within one standard error of the lowest validation NLL)
     * @param lowest     the trial with the lowest validation NLL
     * @param standardError the standard error of the kept trial's mean per-event excess NLL over the lowest
     */
    public record Outcome(Trial best, Trial lowest, double standardError, List<Trial> trials) {

        public Outcome {
            trials = List.copyOf(trials);
        }
    }

    /** Told of each candidate's fit as it starts and ends ({@code fit} prints it). */
    public interface Progress {

        /**
         * The listener of the fit of {@code candidate}, the {@code index}-th (0-based) of the grid, whose time budget
         * is {@code seconds} (+∞ for none).
         */
        TrainingListener started(Candidate candidate, int index, double seconds);

        /** After the fit. */
        void finished(Trial trial);
    }

    private CapacitySearch() {}

    /** Whether {@code train} is small enough for a search. */
    public static boolean applies(Dataset train) {
        return train.numEvents() < SMALL_DATA_EVENTS;
    }

    /** The time budget of the next trial: what is left shared among the trials left (+∞ without a budget). */
    static double share(double secondsLeft, int trialsLeft) {
        return Math.max(0, secondsLeft) / trialsLeft;
    }

    /**
     * Fits every candidate of {@code grid} (simplest first) by {@code plan} and keeps the simplest within one
     * standard error of the lowest validation NLL.
     *
     * @param data     the training file's data (the models' time unit and feature scaling come from it)
     * @param plan     the configuration and the data to train and early stop on ({@link FitDefaults#plan})
     * @param budget   the seconds for the whole search, +∞ for none
     * @param seed     the models' initialisation seed
     * @param progress told of each candidate's fit
     */
    public static Outcome search(
            Dataset data, FitDefaults.Plan plan, List<Candidate> grid, double budget, long seed, Progress progress) {
        List<Trial> trials = new ArrayList<>();
        double left = budget;
        for (int i = 0; i < grid.size(); i++) {
            Candidate c = grid.get(i);
            double share = share(left, grid.size() - i);
            if (!(share > 0)) {
                break; // the budget is spent: the trials so far decide
            }
            EventModel model = EventModel.forDataset(data, c.latentDim(), c.hiddenDim(), seed);
            TrainingConfig config = plan.config()
                    .withRegularisation(c.weightDecay(), plan.config().gradientClip())
                    .withTimeBudget(share);
            Trainer trainer = new Trainer(config);
            TrainingListener listener = progress.started(c, i, share);
            TrainingResult result = plan.validation() == null
                    ? trainer.train(model, plan.train(), listener)
                    : trainer.train(model, plan.train(), plan.validation(), listener);
            left -= result.seconds();
            Trial trial = new Trial(c, model, result, validationLogLikelihoods(model, plan));
            trials.add(trial);
            progress.finished(trial);
        }
        return choose(trials);
    }

    /** The simplest trial (the first) whose mean per-event excess NLL over the lowest is within one standard error. */
    static Outcome choose(List<Trial> trials) {
        Trial lowest = trials.get(0);
        for (Trial t : trials) {
            if (t.validationNll() < lowest.validationNll()) {
                lowest = t;
            }
        }
        for (Trial t : trials) {
            double[] excess = new double[t.validation().length];
            for (int i = 0; i < excess.length; i++) {
                excess[i] = lowest.validation()[i] - t.validation()[i];
            }
            double se = standardErrorOfMean(excess);
            if (t == lowest || mean(excess) <= se) {
                return new Outcome(t, lowest, se, trials);
            }
        }
        throw new AssertionError("the lowest trial is within one standard error of itself");
    }

    private static double mean(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        return x.length > 0 ? sum / x.length : Double.NaN;
    }

    private static double standardErrorOfMean(double[] x) {
        if (x.length < 2) {
            return Double.NaN;
        }
        double m = mean(x);
        double ss = 0;
        for (double v : x) {
            ss += (v - m) * (v - m);
        }
        return Math.sqrt(ss / (x.length - 1) / x.length);
    }

    /**
     * Every validation event's log-likelihood under {@code model}, as the trainer scores it: the validation
     * sequences with each first event conditioned on, or else the held-out tail of every training sequence
     * conditioned on its earlier events; at the training solver's settings.
     */
    static double[] validationLogLikelihoods(EventModel model, FitDefaults.Plan plan) {
        StreamingScorer scorer = new StreamingScorer(model, plan.config().solver());
        boolean features = model.architecture().numFeatures() > 0;
        List<Double> out = new ArrayList<>();
        if (plan.validation() != null) {
            for (EventSequence s : plan.validation().sequences()) {
                if (s.isEmpty()) {
                    continue;
                }
                EntityState state = scorer.start(s.time(0), s.type(0), features ? s.featuresOf(0) : null);
                for (int i = 1; i < s.size(); i++) {
                    out.add(scorer.observe(state, s.time(i), s.type(i), features ? s.featuresOf(i) : null));
                }
            }
        } else {
            double fraction = plan.config().validationFraction();
            for (EventSequence s : plan.train().sequences()) {
                int n = s.size();
                int from = Math.max(Math.min(n, 1), n - (int) Math.round(fraction * n));
                if (from == n) {
                    continue;
                }
                EntityState state = scorer.newState(s.time(0));
                for (int i = 0; i < n; i++) {
                    double v = scorer.observe(state, s.time(i), s.type(i), features ? s.featuresOf(i) : null);
                    if (i >= from) {
                        out.add(v);
                    }
                }
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
