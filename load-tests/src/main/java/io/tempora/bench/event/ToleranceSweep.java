package io.tempora.bench.event;

import io.tempora.bench.EventBench;
import io.tempora.model.EventModel;
import io.tempora.ode.BogackiShampine32;
import io.tempora.ode.ButcherTableau;
import io.tempora.ode.DormandPrince54;
import io.tempora.ode.SolverSettings;
import io.tempora.ode.Tolerances;
import io.tempora.ode.Tsitouras54;
import java.util.Locale;

/**
 * {@code java ... ToleranceSweep}: the cost (evaluations per event) and the error against the tight solve
 * of a few streaming methods and tolerances on the benchmark model and stream; the evidence behind the
 * streaming default.
 */
public final class ToleranceSweep {

    private ToleranceSweep() {}

    public static void main(String[] args) throws Exception {
        EventModel model = BenchModel.loadOrTrain(System.out);
        double[] horizons = EventStages.horizons(model);
        System.out.printf(
                Locale.ROOT,
                "%-24s %8s %8s %8s %10s %10s %10s %10s %10s%n",
                "settings",
                "nfe",
                "adv",
                "pred",
                "ll|d|mean",
                "ll|d|max",
                "within",
                "quant_rel",
                "E_rel");
        for (ButcherTableau tab :
                new ButcherTableau[] {DormandPrince54.TABLEAU, Tsitouras54.TABLEAU, BogackiShampine32.TABLEAU}) {
            for (double[] tol : new double[][] {{1e-4, 1e-6}, {1e-3, 1e-5}, {1e-3, 1e-6}, {3e-3, 1e-5}}) {
                SolverSettings s = SolverSettings.adaptive(tab, Tolerances.of(tol[0], tol[1]));
                Accuracy a = Accuracy.measure(model, s, EventBench.TIGHT, horizons);
                System.out.printf(
                        Locale.ROOT,
                        "%-24s %8.1f %8.1f %8.1f %10.2e %10.2e %10.2e %10.2e %10.2e%n",
                        tab.name().substring(0, 5) + " " + tol[0] + "/" + tol[1],
                        a.nfeTotal(),
                        a.nfeAdvance(),
                        a.nfePredict(),
                        a.meanAbs(),
                        a.maxAbs(),
                        a.within(),
                        a.quantileRel(),
                        a.expectedRel());
            }
        }
    }
}
