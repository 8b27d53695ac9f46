package io.tempora.demo;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.data.Window;
import io.tempora.model.EntityState;
import io.tempora.model.EventModel;
import io.tempora.model.ModelCodec;
import io.tempora.model.PredictionBuffer;
import io.tempora.model.StreamingScorer;
import io.tempora.model.train.Trainer;
import io.tempora.model.train.TrainingConfig;
import io.tempora.model.train.TrainingResult;
import io.tempora.pp.BenchmarkProcess;
import io.tempora.pp.BenchmarkProcesses;
import io.tempora.pp.ConditionalIntensity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code ./demo.sh offline}: the model's side of the product in one JVM, without Kafka: one entity's event stream
 * fitted and scored in memory.
 *
 * <ol>
 *   <li>Simulates a 3-type Hawkes process (one entity's event stream) with a known true intensity.</li>
 *   <li>Fits the latent neural-ODE event model on the first 80% with adjoint gradients.</li>
 *   <li>Scores the last 20% event by event on the streaming path and compares the log-likelihood per
 *       event with the true process's and with the best constant-rate (Poisson) model's.</li>
 *   <li>Predicts from the last state: P(event within Δ), next-event quantiles, expected wait and the
 *       next type's distribution, next to the true process's numbers.</li>
 *   <li>Saves the model, loads it back and checks it scores the same.</li>
 * </ol>
 *
 * <p>Arguments: {@code events=N} (default 6000), {@code epochs=N} (default 12), {@code threads=N}
 * (default 2), {@code seed=N} (default 7).
 */
public final class OfflineDemo {

    private OfflineDemo() {}

    public static void main(String[] args) throws Exception {
        int events = 6000;
        int epochs = 12;
        int threads = 2;
        long seed = 7;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException(
                        "argument '" + a + "' is not NAME=VALUE (events, epochs, threads, seed)");
            }
            switch (kv[0]) {
                case "events" -> events = Integer.parseInt(kv[1]);
                case "epochs" -> epochs = Integer.parseInt(kv[1]);
                case "threads" -> threads = Integer.parseInt(kv[1]);
                case "seed" -> seed = Long.parseLong(kv[1]);
                default ->
                    throw new IllegalArgumentException(
                            "unknown argument '" + kv[0] + "': use events=N, epochs=N, threads=N or seed=N");
            }
        }
        if (events < 100) {
            throw new IllegalArgumentException("events must be at least 100, was " + events);
        }

        BenchmarkProcess process = BenchmarkProcesses.hawkes3Type();
        System.out.printf(
                Locale.ROOT, "1. Simulating %d events of %s: %s%n", events, process.name(), process.description());
        Dataset all = process.simulate(events, seed);
        Dataset.Split split = all.splitChronologically(0.8);
        Window test = split.test().get(0);
        EventSequence seq = test.sequence();
        int from = test.from();
        int to = test.to();
        int n = to - from;
        System.out.printf(
                Locale.ROOT,
                "   %d training events, %d test events on [%.1f, %.1f]%n",
                split.train().numEvents(),
                n,
                seq.time(from),
                seq.time(to - 1));

        System.out.println("2. Fitting the latent ODE event model (D=16, H=32) with adjoint gradients");
        EventModel model = EventModel.forDataset(split.train(), 16, 32, seed);
        TrainingConfig config = TrainingConfig.defaults()
                .withEpochs(epochs)
                .withThreads(threads)
                .withSeed(seed);
        TrainingResult fit =
                new Trainer(config).train(model, split.train(), report -> System.out.println("   " + report));
        System.out.printf(Locale.ROOT, "   kept epoch %d, %.1f s%n", fit.bestEpoch(), fit.seconds());

        System.out.println("3. Scoring the test events one by one on the streaming path");
        StreamingScorer scorer = new StreamingScorer(model);
        double modelNll = -scorer.logLikelihood(seq, from, to, 0) / n;
        double trueNll = -process.process().logLikelihood(seq, from, to) / n;
        double poissonNll = poissonNll(split.train(), seq, from, to, all.numTypes());
        System.out.printf(
                Locale.ROOT,
                "   NLL per event (nats): model %.4f, true process %.4f, constant-rate Poisson %.4f%n",
                modelNll,
                trueNll,
                poissonNll);
        System.out.printf(
                Locale.ROOT,
                "   gap to the truth %.4f; the model recovers %.0f%% of what the truth gains over Poisson%n",
                modelNll - trueNll,
                100 * (poissonNll - modelNll) / (poissonNll - trueNll));

        System.out.println("4. Predicting from the state after the last event");
        EntityState state = scorer.newState(0);
        for (int i = 0; i < to; i++) {
            scorer.observe(state, seq.time(i), seq.type(i));
        }
        double now = seq.time(to - 1);
        double[] horizons = {0.5, 2, 10};
        PredictionBuffer out = scorer.newPredictionBuffer(horizons.length);
        scorer.predict(state, now, horizons, out);
        ConditionalIntensity truth = process.process().conditionedOn(seq, to);
        System.out.printf(Locale.ROOT, "   %-28s %10s %10s%n", "", "model", "truth");
        for (int j = 0; j < horizons.length; j++) {
            System.out.printf(
                    Locale.ROOT,
                    "   P(event within %-5.1f)       %10.4f %10.4f%n",
                    horizons[j],
                    out.probabilityWithin(j),
                    truth.probabilityWithin(horizons[j]));
        }
        double[] trueTypes = truth.nextTypeDistribution(horizons[horizons.length - 1]);
        for (int k = 0; k < all.numTypes(); k++) {
            System.out.printf(
                    Locale.ROOT,
                    "   P(next type = %s)            %10.4f %10.4f%n",
                    all.types().name(k),
                    out.nextTypeProbability(k),
                    trueTypes[k]);
        }
        for (int q = 0; q < out.quantileCount(); q++) {
            System.out.printf(
                    Locale.ROOT,
                    "   wait quantile %.1f             %10.4f%n",
                    out.quantileLevels()[q],
                    out.quantile(q));
        }
        System.out.printf(
                Locale.ROOT,
                "   expected wait (cut at %.0f)     %10.4f%n",
                horizons[horizons.length - 1],
                out.expectedTimeToNext());
        System.out.printf(Locale.ROOT, "   solver evaluations            %10d%n", out.evaluations());

        System.out.println("5. Saving and reloading the model");
        Path file = Path.of("target", "demo", "model.tempora");
        Files.createDirectories(file.getParent());
        byte[] bytes = ModelCodec.encode(model);
        Files.write(file, bytes);
        EventModel loaded = ModelCodec.decode(Files.readAllBytes(file));
        double reloaded = -new StreamingScorer(loaded).logLikelihood(seq, from, to, 0) / n;
        System.out.printf(
                Locale.ROOT,
                "   %s: %d bytes; reloaded model NLL %.10f (%s)%n",
                file,
                bytes.length,
                reloaded,
                reloaded == modelNll ? "identical" : "DIFFERENT");
        if (reloaded != modelNll) {
            throw new IllegalStateException("the reloaded model scores differently: " + reloaded + " vs " + modelNll);
        }
    }

    /** The test NLL per event of a marked Poisson process whose rates are the training MLE. */
    private static double poissonNll(Dataset train, EventSequence seq, int from, int to, int numTypes) {
        EventSequence tr = train.sequences().get(0);
        double span = tr.time(tr.size() - 1);
        double[] rate = new double[numTypes];
        for (int i = 0; i < tr.size(); i++) {
            rate[tr.type(i)] += 1 / span;
        }
        double total = 0;
        for (double r : rate) {
            total += r;
        }
        double ll = -total * (seq.time(to - 1) - seq.time(from - 1));
        for (int i = from; i < to; i++) {
            ll += Math.log(rate[seq.type(i)]);
        }
        return -ll / (to - from);
    }
}
