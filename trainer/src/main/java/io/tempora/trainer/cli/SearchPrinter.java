package io.tempora.trainer.cli;

import io.tempora.model.train.TrainingListener;
import io.tempora.trainer.CapacitySearch;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * {@code fit}'s output during a {@link CapacitySearch}: a header for each candidate, its progress
 * ({@link ProgressPrinter}), its validation NLL, and which candidate is kept and why. NLLs per event with time in
 * seconds (the trainer's data-unit figure minus {@code logUnitsPerSecond}).
 */
final class SearchPrinter implements CapacitySearch.Progress {

    private final PrintWriter out;
    private final int epochs;
    private final double logUnitsPerSecond;
    private ProgressPrinter printer;

    SearchPrinter(PrintWriter out, int epochs, double logUnitsPerSecond) {
        this.out = out;
        this.epochs = epochs;
        this.logUnitsPerSecond = logUnitsPerSecond;
    }

    @Override
    public TrainingListener started(CapacitySearch.Candidate candidate, int index, double seconds) {
        out.printf(Locale.ROOT, "candidate %d/%d: %s%n", index + 1, CapacitySearch.GRID.size(), candidate);
        out.flush();
        printer = new ProgressPrinter(
                out,
                ProgressPrinter.onTerminal(),
                epochs,
                Double.isFinite(seconds) ? seconds : null,
                logUnitsPerSecond);
        return printer;
    }

    @Override
    public void finished(CapacitySearch.Trial trial) {
        printer.finish();
        out.printf(
                Locale.ROOT,
                "candidate %s: validation NLL %.5f nats/event (best epoch %d), %.1f s%n",
                trial.candidate(),
                trial.result().bestValidationNll() - logUnitsPerSecond,
                trial.result().bestEpoch(),
                trial.result().seconds());
        out.flush();
    }

    /** Which candidate the search kept, and why. */
    static void printKept(PrintWriter out, CapacitySearch.Outcome outcome) {
        if (outcome.best() == outcome.lowest()) {
            out.printf(
                    Locale.ROOT,
                    "kept %s: the lowest validation NLL, no simpler candidate within one standard error%n",
                    outcome.best().candidate());
        } else {
            out.printf(
                    Locale.ROOT,
                    "kept %s: the simplest within one standard error (%.5f nats/event) of the lowest validation NLL "
                            + "(%s)%n",
                    outcome.best().candidate(),
                    outcome.standardError(),
                    outcome.lowest().candidate());
        }
    }
}
