package io.tempora.trainer;

import io.tempora.data.Dataset;
import io.tempora.model.EventModel;
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
 * keeps the one with the best validation NLL (the validation figure that stopped it, so the choice is slightly
 * optimistic about the kept model; the held-out data is never trained on). A time budget is shared: each candidate
 * may use what is left divided by the candidates left, so time one leaves by stopping early goes to the next.
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
     * The candidates: the default size, plain and weight-decayed, and a small one (D=4, H=8), plain and
     * weight-decayed; the default first, so that it is kept on a tie.
     */
    public static final List<Candidate> GRID = List.of(
            new Candidate(FitDefaults.LATENT_DIM, FitDefaults.HIDDEN_DIM, 0),
            new Candidate(FitDefaults.LATENT_DIM, FitDefaults.HIDDEN_DIM, WEIGHT_DECAY),
            new Candidate(4, 8, 0),
            new Candidate(4, 8, WEIGHT_DECAY));

    /** One candidate's fit. */
    public record Trial(Candidate candidate, EventModel model, TrainingResult result) {}

    /** All the trials and the kept one. */
    public record Outcome(Trial best, List<Trial> trials) {

        public Outcome {
            trials = List.copyOf(trials);
        }
    }

    /** Told of each candidate's fit as it starts and ends ({@code fit} prints it). */
    public interface Progress {

        /** The listener of the fit of {@code candidate}, the {@code index}-th (0-based) of the grid. */
        TrainingListener started(Candidate candidate, int index);

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
     * Fits every candidate of {@code grid} by {@code plan} and keeps the best by validation NLL.
     *
     * @param data      the training file's data (the models' time unit and feature scaling come from it)
     * @param plan      the configuration and the data to train and early stop on ({@link FitDefaults#plan})
     * @param budget    the seconds for the whole search, +∞ for none
     * @param seed      the models' initialisation seed
     * @param progress  told of each candidate's fit
     */
    public static Outcome search(
            Dataset data, FitDefaults.Plan plan, List<Candidate> grid, double budget, long seed, Progress progress) {
        List<Trial> trials = new ArrayList<>();
        Trial best = null;
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
            TrainingListener listener = progress.started(c, i);
            TrainingResult result = plan.validation() == null
                    ? trainer.train(model, plan.train(), listener)
                    : trainer.train(model, plan.train(), plan.validation(), listener);
            left -= result.seconds();
            Trial trial = new Trial(c, model, result);
            trials.add(trial);
            progress.finished(trial);
            if (best == null || result.bestValidationNll() < best.result().bestValidationNll()) {
                best = trial;
            }
        }
        return new Outcome(best, trials);
    }
}
