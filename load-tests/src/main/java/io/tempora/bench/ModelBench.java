package io.tempora.bench;

import io.tempora.bench.model.PathTiming;
import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.data.TimeUnits;
import io.tempora.data.TypeVocabulary;
import io.tempora.model.EntityState;
import io.tempora.model.EventModel;
import io.tempora.model.PredictionBuffer;
import io.tempora.model.StreamingScorer;
import io.tempora.model.train.EpochReport;
import io.tempora.model.train.LearningRateSchedule;
import io.tempora.model.train.Trainer;
import io.tempora.model.train.TrainingConfig;
import io.tempora.model.train.TrainingResult;
import io.tempora.pp.BenchmarkProcess;
import io.tempora.pp.BenchmarkProcesses;
import io.tempora.pp.ConditionalIntensity;
import io.tempora.pp.PointProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code ./bench.sh model [process...] [epochs=N] [budget=SECONDS] [events=N]}: for each benchmark
 * process (Omi, Ueda &amp; Aihara 2019, plus a 3-type Hawkes), simulate 50,000 events with a fixed
 * seed, fit the default model (D=16) on the first 80% (its last tenth held out for early stopping)
 * and score the last 20% conditioned on the rest:
 * <ul>
 *   <li>test NLL per event of the model and of the true process (both in the process's own time
 *       unit, conditioned on the whole history), and their gap;</li>
 *   <li>expected calibration error of {@code P(next event within Δ)}, {@code Δ} = median training gap,
 *       10 equal-width bins, predicted from the state right after each test event (and the true
 *       process's own ECE on the same events, as the noise floor);</li>
 *   <li>next-type accuracy (3-type process) of the model's and of the true next-type distribution;</li>
 *   <li>training seconds, epochs, solver evaluations per event (training forward and backward, scoring).</li>
 * </ul>
 * Training time is one pool of {@code budget} (default 150 s) per process: each process may use the
 * pool left divided by the processes left, so time a process leaves by early stopping goes to the
 * ones after it, and the script's training time stays within {@code budget ×} processes. The fits use
 * {@link TrainingConfig#defaults()}, what the library and {@code ./tempora fit} give a user: among them a learning
 * rate annealed over the budget ({@link LearningRateSchedule#COSINE}), so a busy machine (fewer epochs in the same
 * seconds) still ends each fit on small steps.
 */
public final class ModelBench implements BenchReport {

    static final int EVENTS = 50_000;
    static final long SEED = 2019;

    @Override
    public String run(String[] args) throws Exception {
        int events = EVENTS;
        int epochs = 40;
        double budget = 150;
        List<String> names = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("epochs=")) {
                epochs = Integer.parseInt(a.substring(7));
            } else if (a.startsWith("budget=")) {
                budget = Double.parseDouble(a.substring(7));
            } else if (a.startsWith("events=")) {
                events = Integer.parseInt(a.substring(7));
            } else {
                names.add(a);
            }
        }
        List<BenchmarkProcess> processes = names.isEmpty()
                ? BenchmarkProcesses.all()
                : names.stream().map(BenchmarkProcesses::named).toList();
        // The library's defaults, what `./tempora fit` and TrainingConfig.defaults() give a user.
        TrainingConfig config = TrainingConfig.defaults().withEpochs(epochs).withTimeBudget(budget);
        System.out.println("model bench: " + events + " events per process, config " + config);
        PathTiming timing = PathTiming.measure(config, 2);
        System.out.printf(
                Locale.ROOT,
                "training paths (one thread, %d windows x %d events): plain %.0f events/s,"
                        + " batched ND4J %.0f events/s%n",
                config.windowsPerBatch(),
                config.windowLength(),
                timing.plainEventsPerSecond(),
                timing.batchedEventsPerSecond());
        StringBuilder json = new StringBuilder("{\"processes\":[");
        double gapSum = 0;
        int index = 0;
        // One training pool for the whole script: a process that stops early leaves its unused
        // budget to the ones after it, and the script's total training time stays budget × processes.
        double pool = budget * processes.size();
        for (BenchmarkProcess bp : processes) {
            String entry;
            double share = pool / (processes.size() - index);
            try {
                long processStart = System.nanoTime();
                Row row = runOne(
                        bp,
                        events,
                        config.withTimeBudget(share),
                        BenchmarkProcesses.all().indexOf(bp));
                pool -= row.trainSeconds;
                System.out.printf(
                        Locale.ROOT,
                        "  %s: training budget %.0f s, used %.0f s; %.0f s with simulation" + " and scoring%n",
                        bp.name(),
                        share,
                        row.trainSeconds,
                        (System.nanoTime() - processStart) * 1e-9);
                gapSum += row.gap;
                System.out.println(row.table());
                entry = row.json();
            } catch (RuntimeException e) {
                pool -= share;
                // One process failing must not hide the others' results: report it and go on.
                e.printStackTrace(System.out);
                gapSum = Double.NaN;
                entry = String.format(
                        Locale.ROOT,
                        "{\"name\":\"%s\",\"error\":\"%s\"}",
                        bp.name(),
                        String.valueOf(e.getMessage()).replace('"', '\''));
            }
            json.append(index++ == 0 ? "" : ",").append(entry);
        }
        json.append(String.format(
                Locale.ROOT,
                "],\"mean_gap\":%s,\"training_paths\":%s}",
                Double.isNaN(gapSum) ? "null" : String.format(Locale.ROOT, "%.5f", gapSum / processes.size()),
                timing.json()));
        return json.toString();
    }

    record Row(
            String name,
            double modelNll,
            double trueNll,
            double gap,
            double ece,
            double trueEce,
            double typeAccuracy,
            double trueTypeAccuracy,
            double trainSeconds,
            int epochs,
            int bestEpoch,
            double trainFwd,
            double trainBwd,
            double scoreNfe,
            double validationNll) {

        String json() {
            String types = Double.isNaN(typeAccuracy)
                    ? ""
                    : String.format(
                            Locale.ROOT,
                            ",\"type_accuracy\":%.4f,\"true_type_accuracy\":%.4f",
                            typeAccuracy,
                            trueTypeAccuracy);
            return String.format(
                    Locale.ROOT,
                    "{\"name\":\"%s\",\"model_nll\":%.5f,\"true_nll\":%.5f,\"gap\":%.5f,"
                            + "\"ece\":%.5f,\"true_ece\":%.5f%s,\"train_s\":%.1f,\"epochs\":%d,\"best_epoch\":%d,"
                            + "\"nfe_per_event\":%.2f,\"train_nfe_fwd\":%.2f,\"train_nfe_bwd\":%.2f}",
                    name,
                    modelNll,
                    trueNll,
                    gap,
                    ece,
                    trueEce,
                    types,
                    trainSeconds,
                    epochs,
                    bestEpoch,
                    scoreNfe,
                    trainFwd,
                    trainBwd);
        }

        String table() {
            return String.format(
                    Locale.ROOT,
                    "%-22s model %.4f true %.4f gap %+.4f | ECE %.4f (true %.4f)%s | "
                            + "train %.0f s, %d epochs (best %d), nfe fwd %.1f bwd %.1f score %.1f",
                    name,
                    modelNll,
                    trueNll,
                    gap,
                    ece,
                    trueEce,
                    Double.isNaN(typeAccuracy)
                            ? ""
                            : String.format(
                                    Locale.ROOT, " | type acc %.4f (true %.4f)", typeAccuracy, trueTypeAccuracy),
                    trainSeconds,
                    epochs,
                    bestEpoch,
                    trainFwd,
                    trainBwd,
                    scoreNfe);
        }
    }

    static Row runOne(BenchmarkProcess bp, int events, TrainingConfig config, int seedIndex) {
        PointProcess process = bp.process();
        EventSequence all = process.simulate(events, new SplittableRandom(SEED + seedIndex), bp.name());
        int split = (int) Math.round(0.8 * events);
        Dataset train = Dataset.of(TypeVocabulary.numbered(process.numTypes()), List.of(all.slice(0, split)));
        EventModel model = EventModel.forDataset(train, 16, 32, SEED);
        long t0 = System.nanoTime();
        TrainingResult result =
                new Trainer(config).train(model, train, r -> System.out.println("  " + bp.name() + " " + r));
        double trainSeconds = (System.nanoTime() - t0) * 1e-9;
        EpochReport last = result.history().get(result.history().size() - 1);
        int validationStart = split - (int) Math.round(config.validationFraction() * split);
        System.out.printf(
                Locale.ROOT,
                "  %s true NLL/event: training part %.5f, validation tail %.5f (model's best %.5f)%n",
                bp.name(),
                -process.logLikelihood(all, 0, validationStart) / validationStart,
                -process.logLikelihood(all, validationStart, split) / (split - validationStart),
                result.bestValidationNll());

        StreamingScorer scorer = new StreamingScorer(model);
        double delta = TimeUnits.medianPositiveGap(train);
        int k = process.numTypes();
        // The next-type distribution needs a long horizon (it is conditioned on an event before it);
        // the calibration only Δ, and a long horizon would triple the prediction's cost.
        double[] horizons = k > 1 ? new double[] {delta, 100 * delta} : new double[] {delta};
        PredictionBuffer p = scorer.newPredictionBuffer(horizons.length);
        EntityState s = scorer.newState(all.time(0));
        int n = all.size();
        double[] predicted = new double[n];
        int[] predictedType = new int[n];
        double ll = 0;
        long evalBefore = 0;
        for (int i = 0; i < n; i++) {
            if (i == split) {
                evalBefore = scorer.evaluations();
            }
            double v = scorer.observe(s, all.time(i), all.type(i));
            if (i >= split) {
                ll += v;
            }
            if (i >= split - 1) {
                scorer.predictAndRecordHint(s, horizons, p);
                predicted[i] = p.probabilityWithin(0);
                int best = 0;
                for (int j = 1; j < k; j++) {
                    if (p.nextTypeProbability(j) > p.nextTypeProbability(best)) {
                        best = j;
                    }
                }
                predictedType[i] = best;
            }
        }
        int testEvents = n - split;
        double scoreNfe = (double) (scorer.evaluations() - evalBefore) / testEvents;
        double modelNll = -ll / testEvents;
        double trueNll = -process.logLikelihood(all, split, n) / testEvents;

        // Calibration: prediction after event i-1 for the gap to event i, i in the test part.
        double[] probs = new double[testEvents];
        boolean[] outcomes = new boolean[testEvents];
        for (int i = split; i < n; i++) {
            probs[i - split] = predicted[i - 1];
            outcomes[i - split] = all.time(i) - all.time(i - 1) <= delta;
        }
        double ece = ece(probs, outcomes);
        double[] trueProbs = process.probabilitiesWithin(all, split, n, delta);
        double trueEce = ece(trueProbs, outcomes);
        System.out.println("  " + bp.name() + " reliability (bin: events, mean predicted, observed) model "
                + reliability(probs, outcomes) + "; true " + reliability(trueProbs, outcomes));

        double typeAcc = Double.NaN;
        double trueTypeAcc = Double.NaN;
        if (k > 1) {
            // The true next-type distribution, conditioned on an event within the model's horizon
            // 100Δ, by composite Simpson on the true intensity (ConditionalIntensity's own adaptive
            // quadrature to 1e-14 took minutes per thousand events); on every 10th test event.
            ConditionalIntensity truth = process.start();
            int hit = 0;
            int trueHit = 0;
            int sampled = 0;
            for (int i = 0; i < n; i++) {
                if (i >= split && (i - split) % 10 == 0) {
                    hit += predictedType[i - 1] == all.type(i) ? 1 : 0;
                    trueHit += argmax(nextTypeMass(truth, horizons[1], 4000)) == all.type(i) ? 1 : 0;
                    sampled++;
                }
                truth.observe(all.time(i), all.type(i));
            }
            typeAcc = (double) hit / sampled;
            trueTypeAcc = (double) trueHit / sampled;
        }
        return new Row(
                bp.name(),
                modelNll,
                trueNll,
                modelNll - trueNll,
                ece,
                trueEce,
                typeAcc,
                trueTypeAcc,
                trainSeconds,
                last.epoch(),
                result.bestEpoch(),
                last.forwardEvaluationsPerEvent(),
                last.backwardEvaluationsPerEvent(),
                scoreNfe,
                result.bestValidationNll());
    }

    /** Predictions grouped into 10 equal-width bins of the predicted probability: count, Σp, Σoutcome. */
    private record Bins(int[] count, double[] sumP, double[] sumY) {

        static final int BINS = 10;

        static Bins of(double[] p, boolean[] outcome) {
            Bins b = new Bins(new int[BINS], new double[BINS], new double[BINS]);
            for (int i = 0; i < p.length; i++) {
                int j = Math.min(BINS - 1, (int) (p[i] * BINS));
                b.sumP[j] += p[i];
                b.sumY[j] += outcome[i] ? 1 : 0;
                b.count[j]++;
            }
            return b;
        }
    }

    /** Expected calibration error over 10 equal-width bins of the predicted probability. */
    static double ece(double[] p, boolean[] outcome) {
        Bins bins = Bins.of(p, outcome);
        double e = 0;
        for (int b = 0; b < Bins.BINS; b++) {
            if (bins.count()[b] > 0) {
                e += Math.abs(bins.sumP()[b] - bins.sumY()[b]) / p.length;
            }
        }
        return e;
    }

    /** The populated bins of {@link #ece}: count, mean predicted probability and observed frequency. */
    static String reliability(double[] p, boolean[] outcome) {
        Bins bins = Bins.of(p, outcome);
        int[] count = bins.count();
        double[] sumP = bins.sumP();
        double[] sumY = bins.sumY();
        StringBuilder sb = new StringBuilder();
        for (int b = 0; b < Bins.BINS; b++) {
            if (count[b] > 0) {
                sb.append(String.format(
                        Locale.ROOT, "[%d: %d, %.3f, %.3f]", b, count[b], sumP[b] / count[b], sumY[b] / count[b]));
            }
        }
        return sb.toString();
    }

    /** {@code ∫_0^H λ_k(s) S(s) ds} per type by composite Simpson with {@code m} (even) intervals. */
    static double[] nextTypeMass(ConditionalIntensity c, double horizon, int m) {
        int k = c.numTypes();
        double[] mass = new double[k];
        double t0 = c.time();
        double h = horizon / m;
        for (int j = 0; j <= m; j++) {
            double t = t0 + j * h;
            double w = (j == 0 || j == m ? 1 : j % 2 == 1 ? 4 : 2) * h / 3;
            double survival = Math.exp(-c.compensator(t));
            for (int type = 0; type < k; type++) {
                mass[type] += w * c.intensity(type, t) * survival;
            }
        }
        return mass;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
