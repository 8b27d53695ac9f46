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
 * {@code ./bench.sh types [k=3,100,1000,10000] [events=N] [fit-events=N] [epochs=N]}: what the number of event types
 * costs (issue 20). For each {@code K}, simulate {@code events} (default {@value #EVENTS}) of
 * {@link ZipfMarkedHawkes} with a fixed seed, fit the default model ({@link EventModel#forDataset}, D=16, H=32,
 * the type form {@link io.tempora.model.TypeForm#forTypes} chooses) to the first 80% (its type frequencies), train
 * it with {@link TrainingConfig#defaults()} for {@code epochs} (default {@value #EPOCHS}) over the last
 * {@code fit-events} (default {@value #FIT_EVENTS}) of them before the last {@value #VALIDATION_EVENTS}, which
 * are the early-stopping history, and score the last 20% in stream after the rest. A fixed amount of training,
 * not a time budget: on a loaded machine a budget cuts an epoch before its validation pass, and the run then
 * keeps its untrained parameters. Reported per {@code K}:
 * <ul>
 *   <li>{@code train_events_per_s}: training events per second of one epoch over the first {@value #PROBE_EVENTS}
 *       training events (validation excluded), on a copy of the fitted model;</li>
 *   <li>{@code us_per_event}: one event on the streaming path as {@code ./bench.sh event} measures it (observe,
 *       then a prediction at the median gap, 10× and 100× it, recording the step hint), plus reading the
 *       prediction's per-type figures for the event's own type; µs per event over {@value #TIMED_EVENTS} test
 *       events after a warm-up pass, in this JVM (not JMH);</li>
 *   <li>{@code params}: the model's parameter count;</li>
 *   <li>{@code gap}: test NLL per event of the model minus the true process's, nats.</li>
 * </ul>
 * Both speeds are measured after every fit, the K's in turn, {@value #ROUNDS} rounds, each K's median reported:
 * the machine is shared and its load drifts over minutes, so a K measured minutes after another would compare
 * two loads. Compare the K's of one run with each other; the run prints the load average.
 */
public final class TypesBench implements BenchReport {

    static final int EVENTS = 125_000;
    static final int FIT_EVENTS = 30_000;
    static final int EPOCHS = 1;
    /** Events before the test part that are held out for early stopping. */
    static final int VALIDATION_EVENTS = 2_500;

    static final int[] TYPE_COUNTS = {3, 100, 1_000, 10_000};
    static final long SEED = 20;
    static final int ROUNDS = 3;
    /** Training events of the throughput probe. */
    static final int PROBE_EVENTS = 4_000;
    /** Test events per timed streaming pass (the test part's first ones). */
    static final int TIMED_EVENTS = 5_000;

    @Override
    public String run(String[] args) {
        int events = EVENTS;
        int fitEvents = FIT_EVENTS;
        int epochs = EPOCHS;
        int[] ks = TYPE_COUNTS;
        for (String a : args) {
            if (a.startsWith("events=")) {
                events = Integer.parseInt(a.substring(7));
            } else if (a.startsWith("fit-events=")) {
                fitEvents = Integer.parseInt(a.substring(11));
            } else if (a.startsWith("epochs=")) {
                epochs = Integer.parseInt(a.substring(7));
            } else if (a.startsWith("k=")) {
                ks = Arrays.stream(a.substring(2).split(","))
                        .mapToInt(Integer::parseInt)
                        .toArray();
            } else {
                throw new IllegalArgumentException(
                        "unknown argument '" + a + "': use k=3,100,..., events=N, fit-events=N or epochs=N");
            }
        }
        TrainingConfig config = TrainingConfig.defaults().withEpochs(epochs).withTimeBudget(Double.POSITIVE_INFINITY);
        System.out.println("types bench: " + events + " events per K, config " + config);
        List<Fit> fits = new ArrayList<>();
        for (int k : ks) {
            fits.add(fit(k, events, fitEvents, config));
        }
        double[][] train = new double[fits.size()][ROUNDS];
        double[][] stream = new double[fits.size()][ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < fits.size(); i++) {
                Fit f = fits.get(i);
                train[i][round] = trainingProbe(f);
                stream[i][round] = streamingMicros(f);
                System.out.printf(
                        Locale.ROOT,
                        "  round %d K=%d: %.0f training events/s, %.2f us/event (load %.2f)%n",
                        round,
                        f.k,
                        train[i][round],
                        stream[i][round],
                        loadAverage());
            }
        }
        List<String> rows = new ArrayList<>();
        System.out.printf(
                Locale.ROOT,
                "%8s %-9s %12s %10s %10s %9s %9s %9s%n",
                "K",
                "form",
                "train ev/s",
                "us/event",
                "params",
                "model",
                "true",
                "gap");
        for (int i = 0; i < fits.size(); i++) {
            Fit f = fits.get(i);
            double gap = f.modelNll - f.trueNll;
            System.out.printf(
                    Locale.ROOT,
                    "%8d %-9s %12.0f %10.2f %10d %9.4f %9.4f %+9.4f%n",
                    f.k,
                    f.form,
                    median(train[i]),
                    median(stream[i]),
                    f.model.parameters().size(),
                    f.modelNll,
                    f.trueNll,
                    gap);
            rows.add(String.format(
                    Locale.ROOT,
                    "{\"k\":%d,\"form\":\"%s\",\"train_events_per_s\":%.1f,\"us_per_event\":%.3f,\"params\":%d,"
                            + "\"gap\":%.5f,\"model_nll\":%.5f,\"true_nll\":%.5f,\"epochs\":%d,\"train_s\":%.1f,"
                            + "\"fit_events_per_s\":%.1f}",
                    f.k,
                    f.form,
                    median(train[i]),
                    median(stream[i]),
                    f.model.parameters().size(),
                    gap,
                    f.modelNll,
                    f.trueNll,
                    f.epochs,
                    f.trainSeconds,
                    f.fitEventsPerSecond));
        }
        return "{\"types\":[" + String.join(",", rows) + "],\"load_avg\":"
                + String.format(Locale.ROOT, "%.2f", loadAverage()) + "}";
    }

    /** A fitted model, its test NLLs, and what its speed probes need. */
    record Fit(
            int k,
            String form,
            EventModel model,
            Dataset train,
            EventSequence all,
            int split,
            EntityState atSplit,
            double[] horizons,
            double modelNll,
            double trueNll,
            int epochs,
            double trainSeconds,
            double fitEventsPerSecond) {}

    static Fit fit(int k, int events, int fitEvents, TrainingConfig config) {
        ZipfMarkedHawkes process = new ZipfMarkedHawkes(k);
        EventSequence all = process.simulate(events, SEED + k);
        int split = (int) Math.round(0.8 * events);
        TypeVocabulary types = TypeVocabulary.numbered(k);
        int fitEnd = split - VALIDATION_EVENTS;
        Dataset train = Dataset.of(types, List.of(all.slice(0, split)));
        Dataset fitPart = Dataset.of(types, List.of(all.slice(Math.max(0, fitEnd - fitEvents), fitEnd)));
        Dataset validation = Dataset.of(types, List.of(all.slice(fitEnd, split)));
        EventModel model = EventModel.forDataset(train, 16, 32, SEED);
        String form = model.architecture().typeForm().name().toLowerCase(Locale.ROOT);
        System.out.printf(
                Locale.ROOT,
                "K=%d: %s form, %d parameters%n",
                k,
                form,
                model.parameters().size());
        long t0 = System.nanoTime();
        TrainingResult result =
                new Trainer(config).train(model, fitPart, validation, r -> System.out.println("  K=" + k + " " + r));
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
        double delta = TimeUnits.medianPositiveGap(train);
        EntityState s = scorer.newState(all.time(0));
        EntityState atSplit = null;
        double ll = 0;
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
        System.out.printf(
                Locale.ROOT,
                "K=%d: test NLL model %.5f, true %.5f, gap %+.5f (%d epochs, %.0f s)%n",
                k,
                modelNll,
                trueNll,
                modelNll - trueNll,
                result.history().size() - 1,
                trainSeconds);
        return new Fit(
                k,
                form,
                model,
                train,
                all,
                split,
                atSplit,
                new double[] {delta, 10 * delta, 100 * delta},
                modelNll,
                trueNll,
                result.history().size() - 1,
                trainSeconds,
                rated > 0 ? rateSum / rated : Double.NaN);
    }

    /** Training events per second of one epoch over the first {@link #PROBE_EVENTS} training events, on a copy. */
    static double trainingProbe(Fit f) {
        EventModel copy = f.model.withVersion("probe");
        Dataset probe = f.train.withSequences(List.of(f.train.sequences().get(0).slice(0, PROBE_EVENTS)));
        TrainingResult r = new Trainer(TrainingConfig.defaults().withEpochs(1)).train(copy, probe, e -> {});
        return r.history().get(r.history().size() - 1).eventsPerSecond();
    }

    /** µs per event of observe + predict + one type's figures over the first test events, after a warm-up pass. */
    static double streamingMicros(Fit f) {
        StreamingScorer scorer = new StreamingScorer(f.model);
        scorer.warmUp();
        PredictionBuffer p = scorer.newPredictionBuffer(f.horizons.length);
        int n = Math.min(TIMED_EVENTS, f.all.size() - f.split);
        double sink = 0;
        double us = Double.NaN;
        for (int pass = 0; pass < 2; pass++) {
            EntityState s = f.atSplit.copy();
            long t0 = System.nanoTime();
            for (int i = f.split; i < f.split + n; i++) {
                int type = f.all.type(i);
                sink += scorer.observe(s, f.all.time(i), type);
                scorer.predictAndRecordHint(s, f.horizons, p);
                sink += p.intensity(type) + p.probabilityWithin(0, type) + p.nextTypeProbability(type);
            }
            us = (System.nanoTime() - t0) * 1e-3 / n;
        }
        if (Double.isNaN(sink)) {
            throw new IllegalStateException("a streamed event scored NaN");
        }
        return us;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
