package io.tempora.bench.event;

import io.tempora.data.EventSequence;
import io.tempora.model.EntityState;
import io.tempora.model.EventModel;
import io.tempora.model.PredictionBuffer;
import io.tempora.model.StreamingScorer;
import io.tempora.ode.SolverSettings;

/**
 * How far a streaming solver's numbers are from a tight solve's on the benchmark stream, and what the
 * streaming solver spent. Log-likelihoods in nats per event (data units); probabilities absolute;
 * quantiles and the expected wait relative; evaluations per event.
 *
 * @param events      events compared (the trace; the warm-up before it is filtered but not counted)
 * @param meanAbs     mean over events of |log-likelihood difference|
 * @param maxAbs      largest |log-likelihood difference| of one event
 * @param meanSigned  mean signed difference (the error of the total NLL per event)
 * @param within      largest difference of P(event within Δ), total and per type, over all horizons
 * @param nextType    largest difference of the next-type probabilities
 * @param quantileRel largest relative difference of the next-event time quantiles
 * @param expectedRel largest relative difference of the truncated expected wait
 * @param nfeAdvance  evaluations per event of observe (the segment solve)
 * @param nfePredict  evaluations per event of predict
 */
public record Accuracy(
        int events,
        double meanAbs,
        double maxAbs,
        double meanSigned,
        double within,
        double nextType,
        double quantileRel,
        double expectedRel,
        double nfeAdvance,
        double nfePredict) {

    /** Evaluations per event, observe and predict together. */
    public double nfeTotal() {
        return nfeAdvance + nfePredict;
    }

    /**
     * Scores the benchmark's stream (warm-up and trace events) with the streaming and the tight solver,
     * each filtering its own states, and predicts after every trace event with both.
     */
    public static Accuracy measure(
            EventModel model, SolverSettings settings, SolverSettings tightSettings, double[] horizons) {
        return measure(model, settings, settings, tightSettings, horizons);
    }

    /** As {@link #measure(EventModel, SolverSettings, SolverSettings, double[])} with predictions solved apart. */
    public static Accuracy measure(
            EventModel model,
            SolverSettings settings,
            SolverSettings predictionSettings,
            SolverSettings tightSettings,
            double[] horizons) {
        StreamingScorer fast = new StreamingScorer(model, settings, predictionSettings);
        StreamingScorer tight = new StreamingScorer(model, tightSettings);
        int n = EventStages.TRACE_WARMUP + EventStages.TRACE;
        EventSequence seq = BenchModel.process()
                .simulate(n, BenchModel.TRACE_SEED)
                .sequences()
                .get(0);
        EntityState sf = fast.newState(0);
        EntityState st = tight.newState(0);
        PredictionBuffer pf = fast.newPredictionBuffer(horizons.length);
        PredictionBuffer pt = tight.newPredictionBuffer(horizons.length);
        int events = 0;
        double maxAbs = 0;
        double within = 0;
        double nextType = 0;
        double quantileRel = 0;
        double expectedRel = 0;
        long advanceEvals = 0;
        long predictEvals = 0;
        double sumAbs = 0;
        double sumSigned = 0;
        for (int i = 0; i < n; i++) {
            double t = seq.time(i);
            long e0 = fast.evaluations();
            double lf = fast.observe(sf, t, seq.type(i));
            long e1 = fast.evaluations();
            double lt = tight.observe(st, t, seq.type(i));
            fast.predictAndRecordHint(sf, horizons, pf);
            tight.predictAndRecordHint(st, horizons, pt);
            if (i < EventStages.TRACE_WARMUP) {
                continue;
            }
            advanceEvals += e1 - e0;
            predictEvals += fast.evaluations() - e1;
            events++;
            double d = lf - lt;
            sumAbs += Math.abs(d);
            sumSigned += d;
            maxAbs = Math.max(maxAbs, Math.abs(d));
            for (int j = 0; j < horizons.length; j++) {
                within = Math.max(within, Math.abs(pf.probabilityWithin(j) - pt.probabilityWithin(j)));
                for (int k = 0; k < model.architecture().numTypes(); k++) {
                    within = Math.max(within, Math.abs(pf.probabilityWithin(j, k) - pt.probabilityWithin(j, k)));
                }
            }
            for (int k = 0; k < model.architecture().numTypes(); k++) {
                nextType = Math.max(nextType, Math.abs(pf.nextTypeProbability(k) - pt.nextTypeProbability(k)));
            }
            for (int q = 0; q < pf.quantileCount(); q++) {
                double qf = pf.quantile(q);
                double qt = pt.quantile(q);
                if (Double.isInfinite(qf) || Double.isInfinite(qt)) {
                    if (qf != qt) {
                        quantileRel = Double.POSITIVE_INFINITY;
                    }
                } else {
                    quantileRel = Math.max(quantileRel, Math.abs(qf - qt) / qt);
                }
            }
            expectedRel = Math.max(
                    expectedRel, Math.abs(pf.expectedTimeToNext() - pt.expectedTimeToNext()) / pt.expectedTimeToNext());
        }
        return new Accuracy(
                events,
                sumAbs / events,
                maxAbs,
                sumSigned / events,
                within,
                nextType,
                quantileRel,
                expectedRel,
                (double) advanceEvals / events,
                (double) predictEvals / events);
    }
}
