package io.tempora.bench.realdata;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.data.TimeUnits;
import io.tempora.model.EntityState;
import io.tempora.model.LogTimeWarp;
import io.tempora.model.StreamingScorer;
import io.tempora.model.train.EpochReport;
import io.tempora.ode.Tolerances;
import io.tempora.trainer.Evaluation;
import io.tempora.trainer.Evaluator;
import io.tempora.trainer.baseline.BaselineScore;
import io.tempora.trainer.baseline.Baselines;
import java.util.Locale;
import java.util.Map;

/**
 * One set's figures in {@code ./bench.sh realdata}: the model's held-out NLL (whole, time and type parts), the
 * baselines', the true process's for a simulated set, and the model's training cost.
 *
 * @param set              the set
 * @param warp             the model's time warp ({@link LogTimeWarp}), or null for none
 * @param model            the model's figures on the test events ({@link Evaluator}, seconds)
 * @param baselines        the baselines' figures on the same events
 * @param trainSeconds     the model's fit, wall seconds (every candidate of a search)
 * @param trainEventsPerS  the model's training events per second
 * @param trainNfeForward  forward solver evaluations per training event, the kept fit's last epoch
 * @param trainNfeBackward backward evaluations per training event, the same epoch
 * @param scoreNfe         solver evaluations per scored test event
 * @param tightNll         the model's test NLL per event scored again with a tight solve
 *                         ({@value #TIGHT_RTOL} relative, {@value #TIGHT_ATOL} absolute): far from {@code model}'s,
 *                         the scorer's default tolerances misjudge this model
 * @param epochs           the kept fit's epochs, its best epoch
 * @param bestEpoch        the kept fit's best epoch
 */
public record SetFigures(
        BenchSet set,
        LogTimeWarp warp,
        Evaluation model,
        Map<String, BaselineScore> baselines,
        double trainSeconds,
        double trainEventsPerS,
        double trainNfeForward,
        double trainNfeBackward,
        double scoreNfe,
        double tightNll,
        int epochs,
        int bestEpoch) {

    static final double TIGHT_RTOL = 1e-8;

    static final double TIGHT_ATOL = 1e-10;

    /** The markdown table's header: each set, ours against the three baselines, whole (time + type). */
    public static final String HEADER = "| set | train / test events | model | Poisson | Hawkes | LogNormMix | true |"
            + " model events/s | nfe/event (train fwd+bwd, score) |\n|---|---|---|---|---|---|---|---|---|";

    /**
     * Fits the model and the baselines on {@code set}'s training events and scores its test events; with
     * {@code logWarp}, the model runs in {@link LogTimeWarp} time of scale the training data's median gap, its
     * figures in data time (the warp's Jacobian added), the baselines unchanged.
     */
    public static SetFigures measure(BenchSet set, double modelSeconds, double lognormmixSeconds, boolean logWarp) {
        System.out.printf(
                Locale.ROOT,
                "%s: %d training events in %d sequences, %d test sequences, %d types%n",
                set.name(),
                set.train().numEvents(),
                set.train().sequences().size(),
                set.test().sequences().size(),
                set.train().numTypes());
        LogTimeWarp warp = logWarp ? new LogTimeWarp(TimeUnits.medianPositiveGap(set.train())) : null;
        Dataset train = warp == null ? set.train() : warp.warp(set.train());
        Dataset test = warp == null ? set.test() : warp.warp(set.test());
        long t0 = System.nanoTime();
        UserFit fit = UserFit.fit(train, modelSeconds, r -> System.out.println("  " + set.name() + " " + r));
        double trainSeconds = (System.nanoTime() - t0) * 1e-9;
        Baselines b = Baselines.fit(set.train(), Evaluator.MILLIS_PER_SECOND, lognormmixSeconds);
        Evaluation e = Evaluator.evaluate(fit.model(), test, Evaluator.MILLIS_PER_SECOND, b.unseenTypeProbability());
        if (warp != null) {
            double jacobianPerEvent = warp.logJacobian(set.test()) / e.events();
            e = new Evaluation(
                    e.nllPerEvent() - jacobianPerEvent,
                    e.nllTimePerEvent() - jacobianPerEvent,
                    e.nllTypePerEvent(),
                    e.events(),
                    e.sequences(),
                    e.ece(),
                    e.typeAccuracy(),
                    e.unseenTypeEvents(),
                    e.unseenTypeProbability());
        }
        EpochReport last = fit.lastEpoch();
        return new SetFigures(
                set,
                warp,
                e,
                b.score(set.test(), Evaluator.MILLIS_PER_SECOND),
                trainSeconds,
                fit.trainingEventsPerSecond(),
                last.forwardEvaluationsPerEvent(),
                last.backwardEvaluationsPerEvent(),
                score(new StreamingScorer(fit.model()), test)[1],
                -(score(
                                                new StreamingScorer(
                                                        fit.model(),
                                                        StreamingScorer.DEFAULT_SETTINGS.withTolerances(
                                                                Tolerances.of(TIGHT_RTOL, TIGHT_ATOL))),
                                                test)[0]
                                        + (warp == null ? 0 : warp.logJacobian(set.test())))
                                / e.events()
                        - Math.log(Evaluator.MILLIS_PER_SECOND),
                fit.kept().history().size() - 1,
                fit.kept().bestEpoch());
    }

    /**
     * The log-likelihood of {@code test} (each sequence's first event conditioned on; data units, the model's
     * types only) by {@code scorer}, and its solver evaluations per scored event.
     */
    private static double[] score(StreamingScorer scorer, Dataset test) {
        long events = 0;
        double ll = 0;
        for (EventSequence s : test.sequences()) {
            if (s.isEmpty()) {
                continue;
            }
            EntityState state = scorer.start(s.time(0), s.type(0));
            for (int i = 1; i < s.size(); i++) {
                ll += scorer.observe(state, s.time(i), s.type(i));
                events++;
            }
        }
        return new double[] {ll, events > 0 ? (double) scorer.evaluations() / events : Double.NaN};
    }

    private static String nll(BaselineScore s) {
        return s == null ? "-" : String.format(Locale.ROOT, "%.3f (%.3f)", s.nllPerEvent(), s.nllTimePerEvent());
    }

    /** A human-readable line. */
    public String table() {
        StringBuilder sb = new StringBuilder(String.format(
                Locale.ROOT,
                "  %s%s: model %.4f (time %.4f, type %.4f)",
                set.name(),
                warp == null ? "" : " (log time warp)",
                model.nllPerEvent(),
                model.nllTimePerEvent(),
                model.nllTypePerEvent()));
        baselines.forEach((k, v) -> sb.append(
                String.format(Locale.ROOT, " | %s %.4f (time %.4f)", k, v.nllPerEvent(), v.nllTimePerEvent())));
        if (!Double.isNaN(set.trueNll())) {
            sb.append(String.format(Locale.ROOT, " | true %.4f", set.trueNll()));
        }
        sb.append(String.format(
                Locale.ROOT,
                " | tight solve %.4f | train %.0f s, %.0f events/s, best epoch %d of %d, nfe/event fwd %.1f bwd %.1f score %.1f",
                tightNll,
                trainSeconds,
                trainEventsPerS,
                bestEpoch,
                epochs,
                trainNfeForward,
                trainNfeBackward,
                scoreNfe));
        return sb.toString();
    }

    /** A row of the table under {@link #HEADER}: whole NLL with the time part in brackets. */
    public String markdownRow() {
        return String.format(
                Locale.ROOT,
                "| %s%s | %d / %d | %.3f (%.3f) | %s | %s | %s | %s | %.0f | %.0f+%.0f, %.0f |",
                set.name(),
                warp == null ? "" : ", log warp",
                set.train().numEvents(),
                model.events(),
                model.nllPerEvent(),
                model.nllTimePerEvent(),
                nll(baselines.get(Baselines.POISSON)),
                nll(baselines.get(Baselines.HAWKES)),
                nll(baselines.get(Baselines.LOGNORMMIX)),
                Double.isNaN(set.trueNll()) ? "-" : String.format(Locale.ROOT, "%.3f", set.trueNll()),
                trainEventsPerS,
                trainNfeForward,
                trainNfeBackward,
                scoreNfe);
    }

    /** The set's JSON object. */
    public String json() {
        StringBuilder b = new StringBuilder("{");
        baselines.forEach((k, v) -> b.append(b.length() == 1 ? "" : ",")
                .append(String.format(
                        Locale.ROOT,
                        "\"%s\":{\"nll\":%s,\"nll_time\":%s,\"nll_type\":%s}",
                        k,
                        number(v.nllPerEvent()),
                        number(v.nllTimePerEvent()),
                        number(v.nllTypePerEvent()))));
        b.append('}');
        return String.format(
                Locale.ROOT,
                "{\"name\":\"%s\",\"time_warp\":\"%s\",\"train_events\":%d,\"test_events\":%d,\"nll\":%s,\"nll_time\":%s,\"nll_type\":%s,"
                        + "\"baselines\":%s,\"true_nll\":%s,\"nll_tight_solve\":%s,\"train_s\":%.1f,\"train_events_per_s\":%s,"
                        + "\"epochs\":%d,\"best_epoch\":%d,"
                        + "\"nfe_per_event\":{\"train_fwd\":%s,\"train_bwd\":%s,\"score\":%s}}",
                set.name(),
                warp == null ? "none" : "log",
                set.train().numEvents(),
                model.events(),
                number(model.nllPerEvent()),
                number(model.nllTimePerEvent()),
                number(model.nllTypePerEvent()),
                b,
                number(set.trueNll()),
                number(tightNll),
                trainSeconds,
                number(trainEventsPerS),
                epochs,
                bestEpoch,
                number(trainNfeForward),
                number(trainNfeBackward),
                number(scoreNfe));
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.5f", v) : "null";
    }
}
