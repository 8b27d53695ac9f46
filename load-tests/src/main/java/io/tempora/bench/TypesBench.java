package io.tempora.bench;

import io.tempora.bench.types.ZipfMarkedHawkes;
import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.data.TimeUnits;
import io.tempora.data.TypeVocabulary;
import io.tempora.model.EntityState;
import io.tempora.model.EventModel;
import io.tempora.model.PredictionBuffer;
import io.tempora.model.StreamingScorer;
import io.tempora.model.train.EpochReport;
import io.tempora.model.train.Trainer;
import io.tempora.model.train.TrainingConfig;
import io.tempora.model.train.TrainingResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./bench.sh types [k=3,100,1000,10000] [events=N] [budget=SECONDS]}: what the number of event types
 * costs (issue 20). For each {@code K}, simulate {@code events} (default {@value #EVENTS}) of
 * {@link ZipfMarkedHawkes} with a fixed seed, fit the default model ({@link EventModel#forDataset}, D=16, H=32,
 * the type form {@link io.tempora.model.TypeForm#forTypes} chooses) with {@link TrainingConfig#defaults()} for
 * {@code budget} seconds (default {@value #BUDGET}) on the first 80%, and on the last 20%, scored in stream after
 * the rest:
 * <ul>
 *   <li>{@code train_events_per_s}: the mean of the epochs' training events per second (validation excluded);</li>
 *   <li>{@code us_per_event}: one event on the streaming path as {@code ./bench.sh event} measures it (observe,
 *       then a prediction at the median gap, 10× and 100× it, recording the step hint), plus reading the
 *       prediction's per-type figures for the event's own type; the median of {@value #ROUNDS} timed passes
 *       after {@value #WARM_PASSES} warm-up passes over the test events, in this JVM (not JMH);</li>
 *   <li>{@code params}: the model's parameter count;</li>
 *   <li>{@code gap}: test NLL per event of the model minus the true process's, nats.</li>
 * </ul>
 * The machine is shared, so compare the K's of one run with each other; each run also prints the load average.
 */
public final class TypesBench implements BenchReport {

    static final int EVENTS = 125_000;
    static final double BUDGET = 40;
    static final int[] TYPE_COUNTS = {3, 100, 1_000, 10_000};
    static final long SEED = 20;
    static final int WARM_PASSES = 2;
    static final int ROUNDS = 5;
    /** Test events per timed pass (the test part's first ones). */
    static final int TIMED_EVENTS = 5_000;

    @Override
    public String run(String[] args) {
        int events = EVENTS;
        double budget = BUDGET;
        int[] ks = TYPE_COUNTS;
        for (String a : args) {
            if (a.startsWith("events=")) {
                events = Integer.parseInt(a.substring(7));
            } else if (a.startsWith("budget=")) {
                budget = Double.parseDouble(a.substring(7));
            } else if (a.startsWith("k=")) {
                ks = Arrays.stream(a.substring(2).split(","))
                        .mapToInt(Integer::parseInt)
                        .toArray();
            } else {
                throw new IllegalArgumentException(
                        "unknown argument '" + a + "': use k=3,100,..., events=N or budget=S");
            }
        }
        TrainingConfig config = TrainingConfig.defaults().withTimeBudget(budget);
        System.out.println("types bench: " + events + " events per K, config " + config);
        List<String> rows = new ArrayList<>();
        System.out.printf(
                Locale.ROOT,
                "%8s %-9s %12s %10s %10s %9s %9s %9s %s%n",
                "K",
                "form",
                "train ev/s",
                "us/event",
                "params",
                "model",
                "true",
                "gap",
                "load");
        for (int k : ks) {
            Row r = runOne(k, events, config);
            System.out.printf(
                    Locale.ROOT,
                    "%8d %-9s %12.0f %10.2f %10d %9.4f %9.4f %+9.4f %.2f%n",
                    r.k,
                    r.form,
                    r.trainEventsPerSecond,
                    r.usPerEvent,
                    r.params,
                    r.modelNll,
                    r.trueNll,
                    r.gap,
                    loadAverage());
            rows.add(r.json());
        }
        return "{\"types\":[" + String.join(",", rows) + "]}";
    }

    record Row(
            int k,
            String form,
            double trainEventsPerSecond,
            double usPerEvent,
            int params,
            double modelNll,
            double trueNll,
            double gap,
            int epochs,
            double trainSeconds) {
        String json() {
            return String.format(
                    Locale.ROOT,
                    "{\"k\":%d,\"form\":\"%s\",\"train_events_per_s\":%.1f,\"us_per_event\":%.3f,\"params\":%d,"
                            + "\"gap\":%.5f,\"model_nll\":%.5f,\"true_nll\":%.5f,\"epochs\":%d,\"train_s\":%.1f}",
                    k,
                    form,
                    trainEventsPerSecond,
                    usPerEvent,
                    params,
                    gap,
                    modelNll,
                    trueNll,
                    epochs,
                    trainSeconds);
        }
    }

    static Row runOne(int k, int events, TrainingConfig config) {
        ZipfMarkedHawkes process = new ZipfMarkedHawkes(k);
        EventSequence all = process.simulate(events, SEED + k);
        int split = (int) Math.round(0.8 * events);
        Dataset train = Dataset.of(TypeVocabulary.numbered(k), List.of(all.slice(0, split)));
        EventModel model = EventModel.forDataset(train, 16, 32, SEED);
        String form = model.architecture().typeForm().name().toLowerCase(Locale.ROOT);
        System.out.printf(
                Locale.ROOT,
                "K=%d: %s form, %d parameters%n",
                k,
                form,
                model.parameters().size());
        long t0 = System.nanoTime();
        TrainingResult result = new Trainer(config).train(model, train, r -> System.out.println("  K=" + k + " " + r));
        double trainSeconds = (System.nanoTime() - t0) * 1e-9;
        double rateSum = 0;
        int rated = 0;
        for (EpochReport e : result.history()) {
            if (Double.isFinite(e.eventsPerSecond())) {
                rateSum += e.eventsPerSecond();
                rated++;
            }
        }

        StreamingScorer scorer = new StreamingScorer(model);
        scorer.warmUp();
        double delta = TimeUnits.medianPositiveGap(train);
        double[] horizons = {delta, 10 * delta, 100 * delta};
        PredictionBuffer p = scorer.newPredictionBuffer(horizons.length);
        EntityState s = scorer.newState(all.time(0));
        double ll = 0;
        EntityState atSplit = null;
        for (int i = 0; i < all.size(); i++) {
            if (i == split) {
                atSplit = s.copy();
            }
            double v = scorer.observe(s, all.time(i), all.type(i));
            if (i >= split) {
                ll += v;
            }
        }
        int testEvents = all.size() - split;
        double modelNll = -ll / testEvents;
        double trueNll = -process.logLikelihood(all, split, all.size()) / testEvents;

        double us = streamingMicros(scorer, atSplit, all, split, Math.min(TIMED_EVENTS, testEvents), horizons, p);
        return new Row(
                k,
                form,
                rated > 0 ? rateSum / rated : Double.NaN,
                us,
                model.parameters().size(),
                modelNll,
                trueNll,
                modelNll - trueNll,
                result.history().size() - 1,
                trainSeconds);
    }

    /** The median over {@link #ROUNDS} passes of µs per event of observe + predict + one type's figures. */
    static double streamingMicros(
            StreamingScorer scorer,
            EntityState start,
            EventSequence all,
            int from,
            int n,
            double[] horizons,
            PredictionBuffer p) {
        double[] perRound = new double[ROUNDS];
        double sink = 0;
        for (int round = -WARM_PASSES; round < ROUNDS; round++) {
            EntityState s = start.copy();
            long t0 = System.nanoTime();
            for (int i = from; i < from + n; i++) {
                int type = all.type(i);
                sink += scorer.observe(s, all.time(i), type);
                scorer.predictAndRecordHint(s, horizons, p);
                sink += p.intensity(type) + p.probabilityWithin(0, type) + p.nextTypeProbability(type);
            }
            if (round >= 0) {
                perRound[round] = (System.nanoTime() - t0) * 1e-3 / n;
            }
        }
        if (Double.isNaN(sink)) {
            throw new IllegalStateException("a streamed event scored NaN");
        }
        Arrays.sort(perRound);
        return perRound[ROUNDS / 2];
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
