package io.tempora.bench;

import io.tempora.bench.realdata.BenchSet;
import io.tempora.bench.realdata.SetFigures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./bench.sh realdata [SET...] [budget=SECONDS] [lognormmix=SECONDS] [warp=none|log] [data=DIR]}: for
 * each set, the real
 * event logs kept in {@code data/real} ({@link BenchSet#REAL}) and two simulated processes with heavy-tailed
 * gaps whose true likelihood is known ({@link BenchSet#SIMULATED}), the model as {@code ./tempora fit} gives it
 * (within {@code budget} seconds, default {@value #DEFAULT_BUDGET}) scored on the held-out events as
 * {@code ./tempora evaluate} scores them (nats per event, seconds, each sequence's first event conditioned on),
 * beside the three baselines fitted on the same training events (LogNormMix within {@code lognormmix} seconds,
 * default {@value #DEFAULT_LOGNORMMIX}), with the model's training events per second and solver evaluations per
 * event; with {@code warp=log} the model runs in {@link io.tempora.model.LogTimeWarp} time (figures still in
 * data time). JSON: {@code {"sets": [{"name", "time_warp", "nll", "nll_time", "nll_type", "baselines": {NAME: {"nll", "nll_time",
 * "nll_type"}}, "true_nll", "train_events_per_s", "nfe_per_event": {...}, ...}]}}.
 */
public final class RealdataBench implements BenchReport {

    static final double DEFAULT_BUDGET = 30;

    static final double DEFAULT_LOGNORMMIX = 15;

    @Override
    public String run(String[] args) throws Exception {
        double budget = DEFAULT_BUDGET;
        double lognormmix = DEFAULT_LOGNORMMIX;
        Path data = Path.of("data", "real");
        boolean logWarp = false;
        List<String> names = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("budget=")) {
                budget = Double.parseDouble(a.substring("budget=".length()));
            } else if (a.startsWith("lognormmix=")) {
                lognormmix = Double.parseDouble(a.substring("lognormmix=".length()));
            } else if (a.equals("warp=log")) {
                logWarp = true;
            } else if (a.equals("warp=none")) {
                logWarp = false;
            } else if (a.startsWith("data=")) {
                data = Path.of(a.substring("data=".length()));
            } else {
                names.add(a);
            }
        }
        if (names.isEmpty()) {
            names.addAll(BenchSet.REAL);
            names.addAll(BenchSet.SIMULATED);
        }
        System.out.printf(
                Locale.ROOT,
                "realdata bench: %s; model fit budget %.0f s per set, LogNormMix %.0f s%n",
                names,
                budget,
                lognormmix);
        List<SetFigures> rows = new ArrayList<>();
        for (String name : names) {
            BenchSet set = BenchSet.REAL.contains(name) ? BenchSet.real(data, name) : BenchSet.simulated(name);
            SetFigures f = SetFigures.measure(set, budget, lognormmix, logWarp);
            System.out.println(f.table());
            rows.add(f);
        }
        System.out.println();
        System.out.println(SetFigures.HEADER);
        rows.forEach(r -> System.out.println(r.markdownRow()));
        StringBuilder json = new StringBuilder("{\"sets\":[");
        for (int i = 0; i < rows.size(); i++) {
            json.append(i == 0 ? "" : ",").append(rows.get(i).json());
        }
        return json.append("]}").toString();
    }
}
