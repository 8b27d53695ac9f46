package io.tempora.trainer.report;

import io.tempora.model.train.EpochReport;
import java.util.List;

/** The report's plots of the training history: the NLLs and the solver's evaluations per event, by epoch. */
final class HistoryFigures {

    private HistoryFigures() {}

    /**
     * Train and held-out NLL per epoch, nats per event with time in seconds (the {@code evaluate} convention's
     * units; the trainer's NLLs are in the data's units, {@code dataUnitsPerSecond} converts).
     */
    static Figure nll(List<EpochReport> history, double dataUnitsPerSecond) {
        double logUnits = Math.log(dataUnitsPerSecond);
        double[] x = new double[history.size()];
        double[] train = new double[x.length];
        double[] heldOut = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            EpochReport r = history.get(i);
            x[i] = r.epoch();
            train[i] = r.trainNll() - logUnits; // NaN for epoch 0 stays NaN: no point
            heldOut[i] = r.validationNll() - logUnits;
        }
        return new Figure(
                "nll",
                "Negative log-likelihood per epoch",
                "Nats per event, time in seconds. Train: the mean over the epoch's mini-batches, each scored before "
                        + "its update. Held out: the tails of the training sequences that early stopping watches, "
                        + "scored after the epoch (epoch 0: the untrained model). The model kept is the epoch with "
                        + "the lowest held-out NLL.",
                "epoch",
                "nats per event",
                false,
                true,
                x,
                List.of(
                        new Figure.Series("train", train, Palette.FITTED, false, 2, Figure.Style.LINE_AND_POINTS),
                        new Figure.Series("held out", heldOut, Palette.TRUE, false, 2, Figure.Style.LINE_AND_POINTS)));
    }

    /** Forward, backward and total solver evaluations per training event, for the epochs that trained (from 1). */
    static Figure evaluations(List<EpochReport> history) {
        List<EpochReport> trained = history.stream().filter(r -> r.epoch() > 0).toList();
        double[] x = new double[trained.size()];
        double[] forward = new double[x.length];
        double[] backward = new double[x.length];
        double[] total = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            EpochReport r = trained.get(i);
            x[i] = r.epoch();
            forward[i] = r.forwardEvaluationsPerEvent();
            backward[i] = r.backwardEvaluationsPerEvent();
            total[i] = forward[i] + backward[i];
        }
        return new Figure(
                "evaluations",
                "Solver evaluations per event per epoch",
                "Evaluations of the dynamics per training event in the epoch's forward and backward (gradient) "
                        + "solves: they grow as the learned dynamics become harder to solve, and set the cost of "
                        + "training and of serving.",
                "epoch",
                "evaluations per event",
                true,
                true,
                x,
                List.of(
                        new Figure.Series("total", total, Palette.NEUTRAL, false, 2, Figure.Style.LINE_AND_POINTS),
                        new Figure.Series("forward", forward, Palette.FITTED, false, 1, Figure.Style.LINE_AND_POINTS),
                        new Figure.Series("backward", backward, Palette.TRUE, false, 1, Figure.Style.LINE_AND_POINTS)));
    }
}
