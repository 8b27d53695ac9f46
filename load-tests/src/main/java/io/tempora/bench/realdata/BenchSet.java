package io.tempora.bench.realdata;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import io.tempora.pp.ExponentialHawkes;
import io.tempora.pp.LogNormalGaps;
import io.tempora.pp.PointProcess;
import io.tempora.pp.RenewalProcess;
import io.tempora.trainer.CsvInputs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One set of {@code ./bench.sh realdata}: training and test events in epoch milliseconds, as {@code fit} and
 * {@code evaluate} read them, and for a simulated set the true process's NLL per scored test event under the
 * likelihood convention (seconds, each sequence's first event conditioned on).
 *
 * @param name    the set's name in figures
 * @param train   the training events
 * @param test    the test events, with the training types
 * @param trueNll the true process's test NLL per event, NaN for real data
 */
public record BenchSet(String name, Dataset train, Dataset test, double trueNll) {

    /** The real sets kept in the repository ({@code data/real/NAME/{train,test}.csv}, see its README). */
    public static final List<String> REAL = List.of("geyser", "coal", "imdepi");

    /** The simulated heavy-tailed sets. */
    public static final List<String> SIMULATED = List.of("lognormal_renewal", "bursty_hawkes");

    /** Events per simulated sequence. */
    static final int EVENTS_PER_SEQUENCE = 100;

    static final int TRAIN_SEQUENCES = 30;

    static final int TEST_SEQUENCES = 15;

    static final long SEED = 22;

    private static final double MILLIS_PER_SECOND = 1000;

    /** {@code dir/NAME/train.csv} and {@code test.csv}. */
    public static BenchSet real(Path dir, String name) throws IOException {
        Path folder = dir.resolve(name);
        Dataset train = CsvInputs.readTraining(folder.resolve("train.csv"));
        Dataset test = CsvInputs.readForModel(folder.resolve("test.csv"), train.types());
        return new BenchSet(name, train, test, Double.NaN);
    }

    /**
     * A simulated set, times in seconds:
     * <ul>
     *   <li>{@code lognormal_renewal}: a renewal process with log-normal gaps, median 60 s and {@code σ = 2.5}
     *       (the middle 95% of gaps from 0.4 s to 2.3 hours);</li>
     *   <li>{@code bursty_hawkes}: a Hawkes process with one background event an hour, each event triggering
     *       0.5 more within about 10 s and 0.35 more within about 20 minutes (gaps from a fraction of a second
     *       to hours).</li>
     * </ul>
     * {@value #TRAIN_SEQUENCES} training and {@value #TEST_SEQUENCES} test sequences of
     * {@value #EVENTS_PER_SEQUENCE} events, each simulated from an empty history.
     */
    public static BenchSet simulated(String name) {
        PointProcess process =
                switch (name) {
                    case "lognormal_renewal" -> new RenewalProcess(new LogNormalGaps(Math.log(60), 2.5));
                    case "bursty_hawkes" ->
                        ExponentialHawkes.univariate(
                                1.0 / 3600, new double[] {0.5, 0.35}, new double[] {1.0 / 10, 1.0 / 1200});
                    default ->
                        throw new IllegalArgumentException("no simulated set '" + name + "'; known: " + SIMULATED);
                };
        SplittableRandom rng = new SplittableRandom(SEED + SIMULATED.indexOf(name));
        List<EventSequence> train = new ArrayList<>();
        List<EventSequence> test = new ArrayList<>();
        double testLl = 0;
        long scored = 0;
        for (int q = 0; q < TRAIN_SEQUENCES + TEST_SEQUENCES; q++) {
            EventSequence seconds = process.simulate(EVENTS_PER_SEQUENCE, rng.split(), "e" + q);
            double[] ms = new double[seconds.size()];
            for (int i = 0; i < ms.length; i++) {
                ms[i] = seconds.time(i) * MILLIS_PER_SECOND;
            }
            EventSequence s = EventSequence.of(seconds.entityId(), ms, seconds.types());
            if (q < TRAIN_SEQUENCES) {
                train.add(s);
            } else {
                test.add(s);
                testLl += process.logLikelihood(seconds, 1, seconds.size());
                scored += seconds.size() - 1;
            }
        }
        TypeVocabulary types = TypeVocabulary.numbered(process.numTypes());
        return new BenchSet(name, Dataset.of(types, train), Dataset.of(types, test), -testLl / scored);
    }
}
