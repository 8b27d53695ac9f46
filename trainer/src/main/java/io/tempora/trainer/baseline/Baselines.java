package io.tempora.trainer.baseline;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.trainer.UnseenTypes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The baselines every figure is shown beside, fitted by maximum likelihood on the training data under the
 * likelihood convention ({@link io.tempora.trainer.Evaluator}: time in seconds, each sequence's first event
 * conditioned on, the integral from the first event to the last):
 * <ul>
 *   <li>{@value #POISSON}: a homogeneous Poisson process ({@link PoissonBaseline}, {@code λ̂ = n / T});</li>
 *   <li>{@value #HAWKES}: an exponential Hawkes ground intensity ({@link HawkesBaseline});</li>
 *   <li>{@value #LOGNORMMIX}: an intensity-free neural point process, a recurrent encoder of the history with a
 *       log-normal mixture for the next gap and a categorical next type ({@link LogNormMix}), the strongest
 *       cheap alternative to the neural ODE model.</li>
 * </ul>
 * The first two draw types independently of the history with the training types' smoothed shares
 * ({@link TypeShares}), so their type parts are equal; an event of a type not seen in training is scored by {@link UnseenTypes}
 * (time part from the ground intensity, type part {@code log ε}), the rule the model's figures use. They tell a
 * user whether the neural model earns its cost: a model that does not beat them on held-out data learned
 * nothing a constant rate or simple self-excitation does not give.
 */
public final class Baselines {

    /** The homogeneous Poisson baseline's name in figures and files. */
    public static final String POISSON = "poisson";

    /** The exponential Hawkes baseline's name in figures and files. */
    public static final String HAWKES = "hawkes";

    /** The LogNormMix baseline's name in figures and files. */
    public static final String LOGNORMMIX = "lognormmix";

    /** The seed of the LogNormMix fit: the same training data gives the same baseline. */
    static final long LOGNORMMIX_SEED = 2020;

    private final TypeShares shares;
    private final PoissonBaseline poisson;
    private final HawkesBaseline hawkes;
    private final LogNormMixFit.Result lognormmix;
    private final long trainingSequences;
    private final double trainingExposureSeconds;

    Baselines(
            TypeShares shares,
            PoissonBaseline poisson,
            HawkesBaseline hawkes,
            LogNormMixFit.Result lognormmix,
            long trainingSequences,
            double trainingExposureSeconds) {
        this.shares = shares;
        this.poisson = poisson;
        this.hawkes = hawkes;
        this.lognormmix = lognormmix;
        this.trainingSequences = trainingSequences;
        this.trainingExposureSeconds = trainingExposureSeconds;
    }

    /**
     * Fits the baselines on {@code train}, whose times are in units of {@code 1 / dataUnitsPerSecond} seconds,
     * LogNormMix within its default time budget ({@link LogNormMixFit#DEFAULT_SECONDS}).
     *
     * @throws IllegalArgumentException if the data has no scored event or no time between events (no rate)
     */
    public static Baselines fit(Dataset train, double dataUnitsPerSecond) {
        return fit(train, dataUnitsPerSecond, LogNormMixFit.DEFAULT_SECONDS);
    }

    /** {@link #fit(Dataset, double)} with LogNormMix's fit limited to {@code lognormmixSeconds}. */
    public static Baselines fit(Dataset train, double dataUnitsPerSecond, double lognormmixSeconds) {
        Histories h = Histories.of(train, dataUnitsPerSecond);
        return new Baselines(
                TypeShares.count(train),
                PoissonBaseline.fit(h),
                HawkesBaseline.fit(h),
                LogNormMixFit.fit(train, dataUnitsPerSecond, lognormmixSeconds, LOGNORMMIX_SEED),
                h.size(),
                h.exposure());
    }

    /**
     * The baselines' figures on {@code data} ({@value #POISSON}, {@value #HAWKES}, then {@value #LOGNORMMIX} when
     * there is one: a file of an earlier build has none); its types are matched to the training types by name,
     * any other being a type not seen in training.
     */
    public Map<String, BaselineScore> score(Dataset data, double dataUnitsPerSecond) {
        Histories h = Histories.of(data, dataUnitsPerSecond);
        double[] logP = shares.logProbabilities(data.types());
        boolean[] unseen = shares.unseen(data.types());
        double typeLl = 0;
        long unseenEvents = 0;
        for (EventSequence s : data.sequences()) {
            for (int i = 1; i < s.size(); i++) {
                typeLl += logP[s.type(i)];
                unseenEvents += unseen[s.type(i)] ? 1 : 0;
            }
        }
        double poissonLl = 0;
        double hawkesLl = 0;
        for (int q = 0; q < h.size(); q++) {
            poissonLl += poisson.logLikelihood(h.times(q));
            hawkesLl += hawkes.logLikelihood(h.times(q));
        }
        Map<String, BaselineScore> out = new LinkedHashMap<>();
        out.put(POISSON, score(poissonLl, typeLl, h.scoredEvents(), unseenEvents));
        out.put(HAWKES, score(hawkesLl, typeLl, h.scoredEvents(), unseenEvents));
        if (lognormmix != null) {
            LogNormMix m = lognormmix.model();
            double[] totals = new double[4];
            LogNormMix.Workspace ws = m.newWorkspace(1);
            double logUnseen = Math.log(unseenTypeProbability());
            for (LogNormMix.Encoded s : m.encode(data, dataUnitsPerSecond)) {
                m.scoreSequence(s, 0, logUnseen, ws, totals);
            }
            out.put(
                    LOGNORMMIX,
                    score(totals[LogNormMix.TIME], totals[LogNormMix.TYPE], (long) totals[LogNormMix.EVENTS], (long)
                            totals[LogNormMix.UNSEEN]));
        }
        return out;
    }

    private static BaselineScore score(double timeLl, double typeLl, long events, long unseenEvents) {
        double n = events;
        return new BaselineScore(-(timeLl + typeLl) / n, -timeLl / n, -typeLl / n, events, unseenEvents);
    }

    /** {@code ε}: the type probability of an event of a type not seen in training ({@link UnseenTypes}). */
    public double unseenTypeProbability() {
        return shares.unseenProbability();
    }

    /** The Poisson baseline's total rate, events per second. */
    public double poissonRatePerSecond() {
        return poisson.ratePerSecond();
    }

    /** The Hawkes baseline's base rate {@code μ}, per second. */
    public double hawkesMu() {
        return hawkes.mu();
    }

    /** The Hawkes baseline's branching ratio {@code α}. */
    public double hawkesAlpha() {
        return hawkes.alpha();
    }

    /** The Hawkes baseline's decay rate {@code β}, per second. */
    public double hawkesBeta() {
        return hawkes.beta();
    }

    /** Sequences of the training data. */
    public long trainingSequences() {
        return trainingSequences;
    }

    /** The training sequences' first-to-last spans, summed, seconds. */
    public double trainingExposureSeconds() {
        return trainingExposureSeconds;
    }

    TypeShares shares() {
        return shares;
    }

    PoissonBaseline poisson() {
        return poisson;
    }

    HawkesBaseline hawkes() {
        return hawkes;
    }

    /** The LogNormMix fit, or null for baselines read from a file of an earlier build. */
    LogNormMixFit.Result lognormmix() {
        return lognormmix;
    }
}
