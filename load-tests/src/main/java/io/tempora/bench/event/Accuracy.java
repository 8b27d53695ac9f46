package io.tempora.bench.event;

import io.tempora.adjoint.SolverSettings;
import io.tempora.data.EventSequence;
import io.tempora.model.EntityState;
import io.tempora.model.EventModel;
import io.tempora.model.PredictionBuffer;
import io.tempora.model.StreamingScorer;

/** Differences between a streaming solve and a tight one over the benchmark stream, and the streaming evaluation counts. */
public final class Accuracy {
        public int events;
        public double meanAbs;
        public double maxAbs;
        public double meanSigned;
        public double within;
        public double nextType;
        public double quantileRel;
        public double expectedRel;
        public double nfeTotal;
        public double nfeAdvance;
        public double nfePredict;

    /**
     * Scores the benchmark's stream (warm-up and trace events) with the streaming and the tight solver,
     * each filtering its own states, and predicts after every trace event with both.
     */
    public static Accuracy measure(EventModel model, SolverSettings settings, SolverSettings tightSettings, double[] horizons) {
        StreamingScorer fast = new StreamingScorer(model, settings);
        StreamingScorer tight = new StreamingScorer(model, tightSettings);
        int n = EventStages.TRACE_WARMUP + EventStages.TRACE;
        EventSequence seq = BenchModel.process().simulate(n, BenchModel.TRACE_SEED).sequences().get(0);
        EntityState sf = fast.newState(0);
        EntityState st = tight.newState(0);
        PredictionBuffer pf = fast.newPredictionBuffer(horizons.length);
        PredictionBuffer pt = tight.newPredictionBuffer(horizons.length);
        Accuracy a = new Accuracy();
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
            fast.predict(sf, t, horizons, pf);
            tight.predict(st, t, horizons, pt);
            if (i < EventStages.TRACE_WARMUP) {
                continue;
            }
            advanceEvals += e1 - e0;
            predictEvals += fast.evaluations() - e1;
            a.events++;
            double d = lf - lt;
            sumAbs += Math.abs(d);
            sumSigned += d;
            a.maxAbs = Math.max(a.maxAbs, Math.abs(d));
            for (int j = 0; j < horizons.length; j++) {
                a.within = Math.max(a.within, Math.abs(pf.probabilityWithin(j) - pt.probabilityWithin(j)));
                for (int k = 0; k < model.architecture().numTypes(); k++) {
                    a.within = Math.max(a.within, Math.abs(pf.probabilityWithin(j, k) - pt.probabilityWithin(j, k)));
                }
            }
            for (int k = 0; k < model.architecture().numTypes(); k++) {
                a.nextType = Math.max(a.nextType, Math.abs(pf.nextTypeProbability(k) - pt.nextTypeProbability(k)));
            }
            for (int q = 0; q < pf.quantileCount(); q++) {
                double qf = pf.quantile(q);
                double qt = pt.quantile(q);
                if (Double.isInfinite(qf) || Double.isInfinite(qt)) {
                    if (qf != qt) {
                        a.quantileRel = Double.POSITIVE_INFINITY;
                    }
                } else {
                    a.quantileRel = Math.max(a.quantileRel, Math.abs(qf - qt) / qt);
                }
            }
            a.expectedRel = Math.max(a.expectedRel,
                    Math.abs(pf.expectedTimeToNext() - pt.expectedTimeToNext()) / pt.expectedTimeToNext());
        }
        a.meanAbs = sumAbs / a.events;
        a.meanSigned = sumSigned / a.events;
        a.nfeAdvance = (double) advanceEvals / a.events;
        a.nfePredict = (double) predictEvals / a.events;
        a.nfeTotal = a.nfeAdvance + a.nfePredict;
        return a;
    }
}
