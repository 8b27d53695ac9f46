package io.tempora.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.model.train.EpochReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {

    /** The trainer's figures in milliseconds: printed per second, i.e. minus log 1000. */
    private static final double LOG_MS = Math.log(1000);

    private static EpochReport epoch(int n, double seconds, boolean cut, boolean improved) {
        return new EpochReport(
                n,
                n == 0 ? Double.NaN : 2.5 + LOG_MS,
                2.25 + LOG_MS,
                400,
                false,
                n == 0 ? 0 : 30,
                n == 0 ? 0 : 40.5,
                1e-3,
                seconds,
                n == 0 ? Double.NaN : 1234.4,
                cut,
                improved);
    }

    @Test
    void offATerminalEveryEpochIsAPlainLineWithTheFiguresInSecondsAndTheTimeLeft() {
        StringWriter out = new StringWriter();
        ProgressPrinter p = new ProgressPrinter(new PrintWriter(out), false, 10, null, LOG_MS);
        p.onEpoch(epoch(0, 1, false, false));
        p.onEpoch(epoch(1, 2, false, true));
        p.onEpoch(epoch(2, 4, false, false));
        p.finish();
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0])
                .isEqualTo("epoch 0/10: train NLL -, validation NLL 2.25000 nats/event, 0.0 evaluations/event, "
                        + "- events/s, elapsed 1.0 s, left -");
        // Two epochs in 6 s after the initial pass: 8 more at 3 s each.
        assertThat(lines[1])
                .startsWith("epoch 1/10: train NLL 2.50000, validation NLL 2.25000 nats/event, "
                        + "70.5 evaluations/event, 1234 events/s, elapsed 3.0 s, left 18.0 s")
                .endsWith(" *");
        assertThat(lines[2]).contains("elapsed 7.0 s, left 24.0 s").doesNotEndWith("*");
    }

    @Test
    void theBudgetBoundsTheTimeLeftAndACutEpochSaysSo() {
        StringWriter out = new StringWriter();
        ProgressPrinter p = new ProgressPrinter(new PrintWriter(out), false, 10, 8.0, LOG_MS);
        p.onEpoch(epoch(0, 1, false, false));
        assertThat(out.toString()).contains("left 7.0 s");
        p.onEpoch(epoch(1, 6.5, true, true));
        assertThat(out.toString()).contains("elapsed 7.5 s, left 0.5 s, cut by the time budget *");
    }

    @Test
    void onATerminalOneLineIsRedrawnInPlaceAndEndedByFinish() {
        StringWriter out = new StringWriter();
        ProgressPrinter p = new ProgressPrinter(new PrintWriter(out), true, 4, null, LOG_MS);
        p.onEpoch(epoch(0, 1, false, false));
        p.onEpoch(epoch(1, 2, false, true));
        String drawn = out.toString();
        assertThat(drawn).doesNotContain("\n").startsWith("\r[").contains("\r[#####---------------] epoch 1/4");
        assertThat(drawn)
                .contains("train 2.50000  validation 2.25000 nats/event  70.5 evaluations/event  6.0 s left *");
        p.finish();
        assertThat(out.toString()).endsWith("\n");
        // A shorter line blanks what the longer one before it left on the screen.
        StringWriter out2 = new StringWriter();
        ProgressPrinter q = new ProgressPrinter(new PrintWriter(out2), true, 4, null, LOG_MS);
        q.onEpoch(epoch(1, 2, false, true));
        int first = out2.toString().length();
        q.onEpoch(epoch(2, 2, false, false));
        assertThat(out2.toString().length() - first).isEqualTo(first);
    }
}
