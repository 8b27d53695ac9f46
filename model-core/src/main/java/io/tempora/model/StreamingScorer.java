package io.tempora.model;

import io.tempora.data.EventSequence;
import io.tempora.model.ScoringException.Reason;
import io.tempora.ode.RungeKuttaSolver;
import io.tempora.ode.SolveStats;
import io.tempora.ode.SolverException;
import io.tempora.ode.SolverSettings;
import java.util.Arrays;
import java.util.Objects;

/**
 * Scores and predicts one entity's events as they arrive, on the plain {@code double[]} path: a history
 * starts ({@link #start}, or {@link #newState}), is evolved ({@link #advance}), scores and applies each
 * event ({@link #observe}) and predicts ({@link #predict}). Holds the solvers and workspaces for one
 * model, so after warm-up none of these allocates.
 *
 * <h2>The maths ({@code design.md})</h2>
 * Between events the latent state follows {@code dh/dt = f_θ(h)}, solved with the compensator
 * {@code dΛ/dt = λ(h) = Σ_k λ_k(h)} ({@link SegmentDynamics}). An event {@code (t, k, x)} has the
 * log-likelihood, in the data's time unit (the model's is converted at the boundary, {@link EventModel})
 * <pre>
 *   log λ_k(h(t⁻)) − log(timeUnit) − ∫_{t_prev}^{t} λ dt  [+ log N(x̃ | h(t⁻)) − Σ_j log sd_j]
 * </pre>
 * (higher is more expected), and the state jumps: {@code h(t⁺) = g_θ(h(t⁻), k, log gap, x̃)}. A prediction
 * from {@code h(t)} is one forward solve of {@code [h, Λ, Λ_k, ∫S, ∫λ_k S]} ({@link PredictionDynamics}),
 * {@code S(s) = exp(−Λ(t, t+s))}, read as in {@link PredictionBuffer}.
 *
 * <h2>Tolerances</h2>
 * Segments (the likelihood) solve at {@link #DEFAULT_SETTINGS}, predictions (no likelihood) at the looser
 * {@link #DEFAULT_PREDICTION_SETTINGS}. Against a tight solve ({@code rtol = 1e-10}) the defaults keep the
 * event log-likelihood within 1e-3 nats per event on average, every probability and next-type share
 * within 1e-3, the quantiles and the expected wait within 0.1% (tested; measurements in
 * {@code docs/decisions.md}).
 *
 * <h2>Optimisations</h2>
 * Each is its own type and can be switched off ({@link ScorerOptions}); without them the scorer agrees
 * with itself to the tolerances above (tested): a first step calibrated once per scorer
 * ({@link FirstStepCalibration}); a prediction that stops on the dynamics' fixed point ({@link SettledTail})
 * or near it on the expanded flow ({@link LinearisedTail}) and completes in closed form; quantiles by
 * Newton's method ({@link QuantileSearch}). A state's step hint ({@link EntityState#stepHint()}) starts the
 * next solve from it. {@link #warmUp} computes the fixed point before serving.
 *
 * <p>Failures are {@link ScoringException}s with a reason code, the state then unchanged. Not thread-safe:
 * one scorer per thread. It reads the parameters live (a trainer's updates, but not concurrently).
 */
public final class StreamingScorer {

    /** The segment solves, which make the likelihood: {@link ScorerDefaults#SEGMENTS}. */
    public static final SolverSettings DEFAULT_SETTINGS = ScorerDefaults.SEGMENTS;

    /** The prediction solves: {@link ScorerDefaults#PREDICTIONS}. */
    public static final SolverSettings DEFAULT_PREDICTION_SETTINGS = ScorerDefaults.PREDICTIONS;

    private final EventModel model;
    private final double unit;
    private final double logUnit;
    private final int d;
    private final int k;
    /** Rows of the intensity head inside the ODE ({@link ModelArchitecture#intensityRows()}). */
    private final int rows;
    /** Whether the model is {@link TypeForm#FACTORED}: per-type figures come from {@link TypeShares}. */
    private final boolean factored;

    private final int f;
    private final ModelWorkspace ws;
    private final FusedJump jump;
    private final SegmentDynamics segmentField;
    private final PredictionDynamics predictionField;
    private final RungeKuttaSolver segmentSolver;
    private final RungeKuttaSolver predictionSolver;
    private final double firstStep;
    private final double predictionFirstStep;
    /** The closed-form tail of predictions, or null when off. */
    private final SettledTail tail;

    private final PredictionTracker tracker;
    private final SolveStats stats = new SolveStats();
    private final double[] y;
    private final double[] yp;
    private final double[] x;
    private final double[] featureMean;
    private long evaluations;

    /** A scorer with {@link #DEFAULT_SETTINGS} and {@link #DEFAULT_PREDICTION_SETTINGS}, every optimisation on. */
    public StreamingScorer(EventModel model) {
        this(model, DEFAULT_SETTINGS, DEFAULT_PREDICTION_SETTINGS);
    }

    /** A scorer whose segment and prediction solves use {@code settings}. */
    public StreamingScorer(EventModel model, SolverSettings settings) {
        this(model, settings, settings);
    }

    /** A scorer whose segment solves use {@code settings} and prediction solves {@code predictionSettings}. */
    public StreamingScorer(EventModel model, SolverSettings settings, SolverSettings predictionSettings) {
        this(model, settings, predictionSettings, ScorerOptions.ALL);
    }

    /** A scorer with the optimisations {@code options} names (the others take every optimisation). */
    public StreamingScorer(
            EventModel model, SolverSettings settings, SolverSettings predictionSettings, ScorerOptions options) {
        this.model = model;
        this.unit = model.timeUnit();
        this.logUnit = Math.log(unit);
        ModelArchitecture a = model.architecture();
        this.d = a.latentDim();
        this.k = a.numTypes();
        this.rows = a.intensityRows();
        this.factored = a.typeForm() == TypeForm.FACTORED;
        this.f = a.numFeatures();
        this.ws = model.newWorkspace();
        FusedDynamics kernel = new FusedDynamics(model);
        this.jump = new FusedJump(model);
        this.segmentField = new SegmentDynamics(kernel, d, rows);
        this.predictionField = new PredictionDynamics(kernel, d, rows);
        boolean calibrate = options.calibratedFirstStep();
        int segmentDim = segmentField.dimension();
        int predictionDim = predictionField.dimension();
        this.firstStep =
                calibrate ? FirstStepCalibration.calibrate(settings, segmentField, segmentDim, model, ws) : Double.NaN;
        this.predictionFirstStep = calibrate
                ? FirstStepCalibration.calibrate(predictionSettings, predictionField, predictionDim, model, ws)
                : Double.NaN;
        this.segmentSolver = Solvers.build(settings, segmentDim, firstStep);
        this.predictionSolver = Solvers.build(predictionSettings, predictionDim, predictionFirstStep);
        this.tail = options.usesFixedPoint()
                ? new SettledTail(
                        new FixedPoint(
                                model,
                                kernel,
                                segmentField,
                                Solvers.build(FixedPoint.SETTINGS, segmentDim, Double.NaN)),
                        options.settledTail(),
                        options.linearisedTail(),
                        predictionSettings.tolerances(),
                        d,
                        rows)
                : null;
        this.tracker = new PredictionTracker(
                predictionField,
                rows,
                unit,
                predictionSolver.tableau().denseDegree(),
                new QuantileSearch(options.newtonQuantiles()),
                tail);
        this.y = new double[d + 1];
        this.yp = new double[predictionDim];
        this.x = new double[f];
        this.featureMean = new double[f];
    }

    /** The model scored. */
    public EventModel model() {
        return model;
    }

    /** Solver evaluations spent by this scorer so far (all calls). */
    public long evaluations() {
        return evaluations;
    }

    /**
     * Does the first prediction's one-time work under the current parameters now: the dynamics' fixed point
     * and the linearisation there, for the closed-form tail. A service rolling in a model calls this before
     * it serves, so that no request pays for it (the first-step calibration is done when the scorer is
     * built). After the parameters change ({@link io.tempora.nn.ParameterSet#version()}) the next prediction
     * redoes it unless this is called again. Allocates.
     *
     * @return whether predictions can stop on a fixed point (the model has one and a tail is on)
     */
    public boolean warmUp() {
        return tail != null && tail.prepare();
    }

    /**
     * A new entity's state at {@code t} (data units): the learned initial state, no events. Its first
     * {@link #observe} scores the first event as {@code log λ_k(h₀)} at a zero gap; a caller who conditions
     * on the first event (as a history's likelihood does) uses {@link #start}. Allocates.
     */
    public EntityState newState(double t) {
        EntityState s = new EntityState(d, model.version());
        reset(s, t);
        return s;
    }

    /** Resets {@code state} (of this model's latent dimension) to a new entity's state at {@code t}. */
    public void reset(EntityState state, double t) {
        ScoringInputs.requireDimension(state, model);
        ScoringInputs.requireFinite(t, "the start time");
        System.arraycopy(model.parameters().values(), model.initialState().offset(), state.h, 0, d);
        state.time = t;
        state.lastEventTime = t;
        state.count = 0;
        state.compensator = 0;
        state.modelVersion = model.version();
        state.step = Double.NaN;
    }

    /**
     * A history started at its first event: the learned initial state at {@code t} with the event's jump
     * applied (gap zero) and the event not scored, the state a history conditioned on its first event
     * continues from. Allocates the state.
     *
     * @param features the event's raw features (length F), or null when the model has none
     * @throws ScoringException for a time not finite, an unknown type or bad features
     */
    public EntityState start(double t, int type, double[] features) {
        EntityState s = new EntityState(d, model.version());
        restart(s, t, type, features);
        return s;
    }

    /** {@link #start(double, int, double[])} for a model without features. */
    public EntityState start(double t, int type) {
        return start(t, type, null);
    }

    /** Resets {@code state} to a history started at its first event ({@link #start}); unchanged if refused. */
    public void restart(EntityState state, double t, int type, double[] features) {
        ScoringInputs.requireType(type, model);
        ScoringInputs.requireFeatures(features, model.features());
        if (f > 0) {
            model.features().standardise(features, x);
        }
        reset(state, t); // checks the time and the state's dimension before changing it
        System.arraycopy(state.h, 0, y, 0, d);
        jump.jump(y, type, 0, x, state.h);
        state.count = 1;
    }

    /** A buffer for {@link #predict} with room for {@code maxHorizons} horizons and the default quantiles. */
    public PredictionBuffer newPredictionBuffer(int maxHorizons) {
        return new PredictionBuffer(k, f, maxHorizons, PredictionBuffer.DEFAULT_QUANTILES);
    }

    /**
     * Evolves the state's latent vector to time {@code t} (no event in between), accumulating the
     * compensator so that the next {@link #observe} still scores the whole gap since the last event.
     *
     * @throws ScoringException if {@code t} is before the state's time or not finite, the state is not this
     *                          model's or the solve fails; the state is then unchanged
     */
    public void advance(EntityState state, double t) {
        ScoringInputs.requireStateAt(state, t, model);
        if (t == state.time) {
            return;
        }
        double lambda = evolveTo(state, t);
        System.arraycopy(y, 0, state.h, 0, d);
        state.compensator += lambda;
        state.time = t;
        double proposed = Math.abs(stats.lastStepSize());
        state.step = proposed > 0 && Double.isFinite(proposed) ? proposed : Double.NaN;
    }

    /** {@link #observe(EntityState, double, int, double[])} for a model without features. */
    public double observe(EntityState state, double t, int type) {
        return observe(state, t, type, null);
    }

    /**
     * Scores an event and applies it: evolves the state to {@code t}, computes the event's log-likelihood
     * given the history (data units, see the class comment; higher is more expected, so its negative is
     * an anomaly score), then jumps. Mutates {@code state}.
     *
     * @param features the event's raw features (length F), or null when the model has none
     * @return the event's log-likelihood in the data's units
     * @throws ScoringException for an event before the state's time, an unknown type, features of the wrong
     *                          length or not finite, a state not made by this model or a failed solve
     *                          ({@link ScoringException#reason()}); the state is then unchanged
     */
    public double observe(EntityState state, double t, int type, double[] features) {
        ScoringInputs.requireStateAt(state, t, model);
        ScoringInputs.requireType(type, model);
        ScoringInputs.requireFeatures(features, model.features());
        if (f > 0) {
            model.features().standardise(features, x);
        }
        double lambda = evolveTo(state, t);
        double ll = ws.logIntensity(y, type) - logUnit - state.compensator - lambda;
        if (f > 0) {
            ll += ws.featureLogDensity(y, x) - model.features().logJacobian();
        }
        double gap = (t - state.lastEventTime) / unit;
        jump.jump(y, type, gap, x, state.h);
        state.time = t;
        state.lastEventTime = t;
        state.count++;
        state.compensator = 0;
        state.step = Double.NaN;
        return ll;
    }

    /**
     * The distribution of the type of an event at {@code t >= state.time()} given the history,
     * {@code p(k | history, t) = λ_k(t⁻) / λ(t⁻)}, into {@code out} (length K): one segment solve when
     * {@code t} is later than the state's time (none at it), no prediction solve. The state is unchanged. A
     * factored model computes every type's share here ({@code O(K · D)}); a prediction reads them type by type.
     *
     * @return the total intensity {@code λ(t⁻)}, events per data unit
     * @throws ScoringException as {@link #advance}
     */
    public double typeProbabilities(EntityState state, double t, double[] out) {
        ScoringInputs.requireStateAt(state, t, model);
        ScoringInputs.requireTypeArray(out, model);
        evolveTo(state, t);
        double total = ws.intensities(y, out);
        for (int j = 0; j < k; j++) {
            out[j] /= total;
        }
        return total / unit;
    }

    /**
     * Predicts from the state as it would be at {@code t >= state.time()} with no event in between: one
     * forward solve of {@link PredictionDynamics} over {@code [t, t + max horizon]}, read at the horizons
     * through dense output, the quantiles located where {@code Λ(s) = −ln(1 − q)} ({@link QuantileSearch}:
     * Newton's method on the crossing step's dense output). Fills {@code out}; allocates nothing.
     *
     * <p>Read-only: the state is left byte-for-byte as it was ({@link EntityState#toBytes()} is the same
     * before and after), so an interactive query may predict from a stored state. The per-event path,
     * which keeps the state, uses {@link #predictAndRecordHint}.
     *
     * @param horizons durations from {@code t} (data units), finite and &gt; 0; at most the buffer's capacity
     * @throws ScoringException         as {@link #advance}
     * @throws IllegalArgumentException for horizons not finite and positive or too many, or a buffer for
     *                                  another model's shape
     */
    public void predict(EntityState state, double t, double[] horizons, PredictionBuffer out) {
        predict(state, t, horizons, out, false);
    }

    /**
     * {@link #predict} at the state's own time, then records in the state the step the prediction solve's
     * controller chose there ({@link EntityState#stepHint()}), so that the next solve from the state (the
     * next event's segment) starts with it. The per-event path: {@link #observe}, then this. Changes
     * nothing else in the state.
     */
    public void predictAndRecordHint(EntityState state, double[] horizons, PredictionBuffer out) {
        predict(state, state.time, horizons, out, true);
    }

    private void predict(EntityState state, double t, double[] horizons, PredictionBuffer out, boolean recordHint) {
        ScoringInputs.requireStateAt(state, t, model);
        ScoringInputs.requirePredictionRequest(horizons, out, model);
        double hMax = out.setHorizons(horizons, unit);
        long before = evaluations;
        evolveTo(state, t);
        out.time = t;
        if (!factored) {
            out.shares = null;
            out.totalIntensity = ws.intensities(y, out.intensity) / unit;
            for (int j = 0; j < k; j++) {
                out.intensity[j] /= unit;
            }
        } else {
            // Factored: the per-type figures are read type by type from the shares at t (PredictionBuffer).
            if (out.shares == null || !out.shares.isFor(model)) {
                out.shares = new TypeShares(model);
            }
            out.shares.at(y);
            out.totalIntensity = ws.totalIntensity(y) / unit;
        }
        if (f > 0) {
            ws.featureMean(y, featureMean);
            model.features().destandardise(featureMean, out.features);
        }

        Arrays.fill(yp, 0);
        System.arraycopy(y, 0, yp, 0, d);
        tracker.begin(out, tail != null && tail.begin());
        try {
            predictionSolver.solve(predictionField, 0, yp, hMax, yp, stats, tracker);
        } catch (SolverException e) {
            throw new ScoringException(Reason.SOLVER_FAILURE, "the prediction solve from " + t + " failed", e);
        }
        evaluations += stats.evaluations();
        if (tracker.stopped()) {
            double s0 = tracker.stoppedAt();
            tracker.completeQuantiles(s0, yp[predictionField.compensator()], tail.totalIntensity(), hMax);
            tail.complete(out, yp, predictionField, s0, hMax, tracker.linearised());
        }
        tracker.finishQuantiles();

        boolean reached = yp[predictionField.compensator()] > 0;
        out.expectedTimeToNext = yp[predictionField.survivalIntegral()] * unit;
        if (!factored) {
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += yp[predictionField.typeDensityIntegral(j)];
            }
            // Σ_k ∫λ_k S = 1 − S(H) up to the solver's tolerance; dividing by the sum makes the shares add to 1.
            for (int j = 0; j < k; j++) {
                out.nextType[j] = sum > 0 && reached
                        ? yp[predictionField.typeDensityIntegral(j)] / sum
                        : out.intensity[j] / out.totalIntensity;
            }
        }
        out.evaluations = evaluations - before;
        if (recordHint && tracker.secondStep() > 0) {
            state.step = tracker.secondStep();
        }
    }

    /**
     * The log-likelihood (data units) of events {@code [from, to)} of {@code sequence}, conditioned on
     * events {@code [0, from)}, for an entity that appeared at {@code origin}: the sum of
     * {@link #observe} over the scored events. Allocates a state.
     */
    public double logLikelihood(EventSequence sequence, int from, int to, double origin) {
        Objects.checkFromToIndex(from, to, sequence.size());
        EntityState s = newState(origin);
        double sum = 0;
        for (int i = 0; i < to; i++) {
            double ll = observe(s, sequence.time(i), sequence.type(i), f > 0 ? sequence.featuresOf(i) : null);
            if (i >= from) {
                sum += ll;
            }
        }
        return sum;
    }

    /**
     * Evolves the state's latent vector from its time to {@code t} into {@link #y} (a copy when {@code t} is
     * its time), the segment solve starting with the state's step hint when that is a positive finite step
     * (else the solver's first step); returns the segment's compensator {@code ∫ λ} (model units).
     */
    private double evolveTo(EntityState state, double t) {
        System.arraycopy(state.h, 0, y, 0, d);
        y[d] = 0;
        if (t == state.time) {
            return 0;
        }
        double first = state.step > 0 && Double.isFinite(state.step) ? state.step : Double.NaN;
        try {
            segmentSolver.solve(segmentField, 0, y, (t - state.time) / unit, y, stats, first);
        } catch (SolverException e) {
            throw new ScoringException(Reason.SOLVER_FAILURE, "the segment solve to " + t + " failed", e);
        }
        evaluations += stats.evaluations();
        return y[d];
    }

    // For tests: the calibrated first steps (NaN for the solver's heuristic), the fixed point (null when no
    // tail is on) and the tracker of the last prediction (where it stopped).

    double firstStep() {
        return firstStep;
    }

    double predictionFirstStep() {
        return predictionFirstStep;
    }

    FixedPoint fixedPoint() {
        return tail == null ? null : tail.fixedPoint();
    }

    PredictionTracker tracker() {
        return tracker;
    }
}
