package io.tempora.trainer.cli;

import io.tempora.model.train.EpochReport;
import io.tempora.model.train.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * {@code fit}'s progress: on a terminal one line redrawn in place ({@code \r}) with a bar, the epoch, the train and
 * validation NLL, solver evaluations per event and the time left; elsewhere (a file, a pipe, a test) one plain line
 * per epoch, which logs keep. NLLs are shown per event with time in seconds: the trainer's data-unit figure minus
 * {@code logUnitsPerSecond}. Elapsed time is the sum of the epochs' reported seconds (the trainer's clock, which
 * starts with the fit and counts the validation passes), so the time left agrees with the trainer's budget.
 */
final class ProgressPrinter implements TrainingListener {

    /** Characters of the terminal's progress bar. */
    private static final int BAR_WIDTH = 20;

    private final PrintWriter out;
    private final boolean terminal;
    private final int epochs;
    private final Double budgetSeconds;
    private final double logUnitsPerSecond;
    private double elapsed;
    private double firstEpochSeconds;
    private int drawnWidth;

    /**
     * @param terminal          whether {@code out} is a terminal (the line is redrawn) or not (one line per epoch)
     * @param epochs            the most epochs of the fit
     * @param budgetSeconds     the fit's time budget, null for none
     * @param logUnitsPerSecond the log of data time units per second
     */
    ProgressPrinter(PrintWriter out, boolean terminal, int epochs, Double budgetSeconds, double logUnitsPerSecond) {
        this.out = out;
        this.terminal = terminal;
        this.epochs = epochs;
        this.budgetSeconds = budgetSeconds;
        this.logUnitsPerSecond = logUnitsPerSecond;
    }

    /** Whether the process writes to a terminal (then the progress line is redrawn in place). */
    static boolean onTerminal() {
        return System.console() != null;
    }

    @Override
    public void onEpoch(EpochReport r) {
        elapsed += r.seconds();
        if (r.epoch() == 0) {
            firstEpochSeconds = r.seconds();
        }
        if (terminal) {
            String line = terminalLine(r);
            out.print('\r' + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
            drawnWidth = line.length();
        } else {
            out.println(plainLine(r));
        }
        out.flush();
    }

    /** Ends the redrawn line (a terminal's next output starts on its own line); nothing otherwise. */
    void finish() {
        if (terminal && drawnWidth > 0) {
            out.println();
            out.flush();
            drawnWidth = 0;
        }
    }

    /** Seconds left: the epochs left at the mean epoch's pace, at most the budget left; NaN before an epoch. */
    double secondsLeft(int epoch) {
        double left = epoch > 0 ? (epochs - epoch) * (elapsed - firstEpochSeconds) / epoch : Double.NaN;
        if (budgetSeconds != null) {
            double budgetLeft = Math.max(0, budgetSeconds - elapsed);
            left = Double.isNaN(left) ? budgetLeft : Math.min(left, budgetLeft);
        }
        return left;
    }

    String plainLine(EpochReport r) {
        return String.format(
                Locale.ROOT,
                "epoch %d/%d: train NLL %s, validation NLL %s nats/event%s, %.1f evaluations/event, %s events/s, "
                        + "elapsed %.1f s, left %s%s%s",
                r.epoch(),
                epochs,
                nll(r.trainNll()),
                nll(r.validationNll()),
                r.validationPartial() ? " (partial: " + r.validationEvents() + " events before the deadline)" : "",
                r.forwardEvaluationsPerEvent() + r.backwardEvaluationsPerEvent(),
                r.epoch() == 0 ? "-" : String.format(Locale.ROOT, "%.0f", r.eventsPerSecond()),
                elapsed,
                seconds(secondsLeft(r.epoch())),
                r.cut() ? ", cut by the time budget" : "",
                r.improved() ? " *" : "");
    }

    String terminalLine(EpochReport r) {
        double done = (double) r.epoch() / epochs;
        if (budgetSeconds != null) {
            done = Math.max(done, elapsed / budgetSeconds);
        }
        int filled = (int) Math.round(Math.min(1, done) * BAR_WIDTH);
        return String.format(
                Locale.ROOT,
                "[%s%s] epoch %d/%d  train %s  validation %s%s nats/event  %.1f evaluations/event  %s left%s",
                "#".repeat(filled),
                "-".repeat(BAR_WIDTH - filled),
                r.epoch(),
                epochs,
                nll(r.trainNll()),
                nll(r.validationNll()),
                r.validationPartial() ? " (partial)" : "",
                r.forwardEvaluationsPerEvent() + r.backwardEvaluationsPerEvent(),
                seconds(secondsLeft(r.epoch())),
                r.improved() ? " *" : "");
    }

    /** An NLL per event with time in seconds, or "-" when there is none (epoch 0's train NLL). */
    private String nll(double dataUnits) {
        return Double.isNaN(dataUnits) ? "-" : String.format(Locale.ROOT, "%.5f", dataUnits - logUnitsPerSecond);
    }

    private static String seconds(double s) {
        return Double.isNaN(s) ? "-" : String.format(Locale.ROOT, "%.1f s", s);
    }
}
