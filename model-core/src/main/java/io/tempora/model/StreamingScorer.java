package io.tempora.model;

import io.tempora.data.EventSequence;
import io.tempora.ode.DenseOutput;
import io.tempora.ode.PiController;
import io.tempora.ode.RungeKuttaSolver;
import io.tempora.ode.SolveStats;
import io.tempora.ode.SolverException;
import io.tempora.ode.SolverSettings;
import io.tempora.ode.StepListener;
import io.tempora.ode.Tolerances;
import io.tempora.ode.Tsitouras54;
import io.tempora.ode.VectorField;

import java.util.Arrays;

/**
 * Scores and predicts one entity's events as they arrive, on the plain {@code double[]} path:
 * {@link #newState}, {@link #advance}, {@link #observe} and {@link #predict}. Holds the solvers and
 * workspaces for one model, so after warm-up none of these allocates (one event costs one ODE
 * solve of dimension {@code D + 1}, a few small dot products and a GRU step).
 *
 * <h2>Units</h2>
 * Times, horizons, intensities and log-likelihoods are in the data's own unit (the unit of the
 * event times, e.g. epoch milliseconds): the model's internal unit is converted at the boundary
 * ({@link EventModel} "Units"). The log-likelihood of an event is therefore
 * <pre>
 *   log λ_k(t⁻) − log(timeUnit) − ∫_{t_prev}^{t} λ dt  [+ log N(x̃ | h(t⁻)) − Σ_j log sd_j]
 * </pre>
 *
 * <h2>Tolerances</h2>
 * The default solver is Tsitouras 5(4) at {@code rtol = 1e-3, atol = 1e-5} for the segments, which
 * make the likelihood ({@link #DEFAULT_SETTINGS}), and at {@code rtol = 5e-4, atol = 1e-4} with the
 * integral step controller for predictions ({@link #DEFAULT_PREDICTION_SETTINGS}). The state is
 * {@code O(1)} (tanh dynamics, standardised time). Measured by {@code ./bench.sh event} (a model trained
 * on the 3-type Hawkes process, 1,024 events, against {@code rtol = 1e-10}): the event log-likelihood
 * differs by 5e-5 nats on average (9e-4 at worst), the probabilities by less than 3e-4, quantiles and
 * the expected wait by less than 1e-3 relative; far below what
 * separates models (the model benchmark resolves 0.01 nats/event) and the model's own error. Training
 * uses tighter tolerances (design.md: gradients at {@code rtol = 1e-3} were 27% off); scoring only needs
 * the value. Adaptive solves start from the state's {@link EntityState#stepHint() step hint} when it has
 * one (the step the controller chose from there on the last prediction or advance), else from a step
 * calibrated once per scorer (see {@code calibrateFirstStep}); either way a state's results depend on
 * the state alone. A prediction stops solving once its state has settled on the dynamics' attracting
 * fixed point and completes the rest in closed form (see {@link #SETTLED}), or earlier, further from it,
 * on the closed form of the flow expanded there to second order when the horizons left are far enough
 * out (see {@link #LINEAR_BAND}).
 *
 * <p>Not thread-safe: one scorer per thread. It reads the model's parameters live, so it sees a
 * trainer's updates (but must not run concurrently with them).
 */
public final class StreamingScorer {

    /**
     * Tsitouras 5(4), {@code rtol = 1e-3, atol = 1e-5}: see the class comment. Why Tsitouras rather than
     * Dormand–Prince: the same seven stages (FSAL, six evaluations a step) and the same cost per step, but
     * on the event benchmark's model every difference to the tight solve about halves at the same
     * settings (likelihood 6.2e-5 → 3.2e-5 nats/event on average, 1.16e-3 → 6.8e-4 for the worst event;
     * the predictions' probabilities 1.3e-4 → 6.8e-5, quantiles 6.0e-4 → 3.1e-4 relative) for as many
     * evaluations (43.6 and 43.3 per event): its error constants are smaller.
     */
    public static final SolverSettings DEFAULT_SETTINGS =
            SolverSettings.adaptive(Tsitouras54.TABLEAU, Tolerances.of(1e-3, 1e-5));

    /**
     * Tsitouras 5(4), {@code rtol = 5e-4, atol = 1e-4}, integral step controller
     * ({@link PiController#integral}): the predictions' solves. A prediction feeds no likelihood, only
     * probabilities, quantiles and expectations whose own error (the model's against the process) is
     * orders of magnitude above the solver's, so its absolute tolerance is looser than the segments':
     * latent components near zero do not force small steps.
     *
     * <p>Why the integral controller: under the PI controller a prediction ran the ~10 model units to its
     * 10× horizon in five or six steps whose error estimates were only 0.03–0.15 of the tolerance, so the
     * steps were limited by how fast the controller let them grow, and the PI controller's smaller
     * exponent ({@code 0.17} instead of {@code 0.2}, damped further by the previous error) grew them by
     * only ×1.2–1.3 a step. The integral controller reaches the horizon a step earlier; it is less cautious, so the relative
     * tolerance is halved to keep the differences to the tight solve at the old ones. Measured on the
     * event benchmark's model (1,024 events, against {@code rtol = 1e-10}; differences are the largest
     * over the events), from Dormand–Prince at {@code rtol = 1e-3} with the PI controller to these
     * settings: predict 32.3 → 26.2 evaluations, advance 11.3 → 10.5 (the hint the prediction leaves);
     * probabilities within 1.6e-4 (were 1.3e-4), next-type shares 2.3e-4 (9.4e-5), quantiles 5.6e-4
     * relative (6.0e-4), the expected wait 9.4e-4 relative (2.7e-4); the likelihood 5.2e-5 nats/event on
     * average, 8.8e-4 for the worst event (6.2e-5, 1.16e-3). With the integral controller at
     * {@code rtol = 1e-3} it took 25.3 evaluations but the expected wait was 1.4e-3 off and the worst
     * event's likelihood 1.2e-3; Dormand–Prince with it, 3.5× the differences of its PI runs.
     */
    public static final SolverSettings DEFAULT_PREDICTION_SETTINGS =
            SolverSettings.adaptive(Tsitouras54.TABLEAU, Tolerances.of(5e-4, 1e-4))
                    .withController(PiController.integral(5));

    /**
     * A prediction's state counts as settled on the fixed point {@code h*} ({@link FixedPoint}) when
     * every component is within this multiple of the solver's own error scale {@code atol + rtol·|h*_j|}
     * of it and still closing in; the closed-form rest ({@link #settledRest}) then replaces the steps an
     * explicit method takes on a slowly contracting tail. What it neglects is the residual
     * {@code δ = h − h*}, whose effect on the compensators is about {@code ∇λ_k · ∫ δ ds}, linear in
     * this multiple. Measured on the event benchmark (1,024 predictions to 100 median gaps, against the
     * tight solve): at 1, 925 of them settle and the prediction costs 105.6 evaluations; at 10, all of
     * them settle (at ~40 of the 100 units instead of ~60), 82.9 evaluations, and the only difference
     * that moves is the per-type probability at the largest horizon, max 3.0e-6 → 3.6e-5 (30: 8.6e-5;
     * 100: 3.3e-4). At 30 (the default since) the prediction takes ~9% fewer evaluations than at 10
     * (74.1 → see the README's event table) for a per-type difference still about the solver's own
     * at the 10× horizon (6.3e-5); at 100 the difference grows to 7e-4 for another 10%. The total
     * probability, quantiles and expected time are unchanged: the survival has already decayed there.
     * (Those figures were taken with predictions at the segments' {@code atol = 1e-5}; the scale is now
     * the prediction solver's, {@link #DEFAULT_PREDICTION_SETTINGS}. With the default settings every
     * prediction of the event benchmark stops on the expanded tail, {@link #LINEAR_BAND}, before this
     * band is reached: it serves models the expansion is not offered for, D &gt; 32 or a failed one.)
     */
    static final double SETTLED = 30;

    /**
     * A prediction may stop earlier, while every component of {@code δ = h − h*} is within this absolute
     * deviation (and closing in), when what is left of it is far enough out for the closed form of the
     * flow expanded at the fixed point ({@link TailLinearisation}): every quantile found, and every horizon
     * not yet reached at least {@link TailLinearisation#far()} beyond the stop. The form accounts for
     * {@code δ} to second order, so what it neglects is third order in {@code δ}: a bound on {@code |δ|},
     * not a multiple of the solver's error scale (an earlier band, 300× that scale capped at 0.1, shrank to
     * 3e-3 for components near zero). Measured on the event benchmark (1,024 predictions against the tight
     * solve, prediction settings {@link #DEFAULT_PREDICTION_SETTINGS}): with the second-order form, bands of
     * 0.1, 0.15, 0.2 and 0.3 take 39.1, 34.7, 32.3 and 31.7 evaluations with the next-type shares within
     * 8.3e-5, 8.4e-5, 9.4e-5 and 3.2e-4 and the expected wait within 3.0e-4, 3.0e-4, 2.7e-4 and 5.4e-4
     * relative (the probabilities and quantiles do not move: the survival has mostly decayed by the 10×
     * horizon, past which the stop falls); with the first-order form alone the expected wait was already
     * 9.6e-4 off at 0.2 and 2.9e-3 at 0.3. The expansion is computed on the first prediction after the
     * parameters change (with the fixed point; ~40 ms at D = 16, ~0.25 s cold): a caller rolling models
     * may want to predict once before taking traffic.
     */
    static final double LINEAR_BAND = 0.2;

    private final EventModel model;
    private final double unit;
    private final double logUnit;
    private final int d;
    private final int k;
    private final int f;
    private final ModelWorkspace ws;
    private final FusedDynamics kernel;
    private final FusedJump jump;
    private final SegmentDynamics segmentField;
    private final PredictionDynamics predictionField;
    private final RungeKuttaSolver segmentSolver;
    private final RungeKuttaSolver predictionSolver;
    private final SolveStats stats = new SolveStats();
    private final double[] y;
    private final double[] yp;
    private final double[] h;
    private final double[] x;
    private final double[] featureMean;
    private final Tracker tracker;
    private final double firstStep;
    private final double predictionFirstStep;
    private final FixedPoint fixedPoint;
    /** The prediction solver's error scale {@code atol_j + rtol_j·|h*_j|} per latent component, as its two parts. */
    private final double[] atol;
    private final double[] rtol;
    private final double[] delta;
    private final double[] typeShift;
    private long evaluations;

    /** A scorer with {@link #DEFAULT_SETTINGS} for segments and {@link #DEFAULT_PREDICTION_SETTINGS} for predictions. */
    public StreamingScorer(EventModel model) {
        this(model, DEFAULT_SETTINGS, DEFAULT_PREDICTION_SETTINGS);
    }

    /** A scorer whose solves, segments and predictions alike, use {@code settings} (method, tolerances, step bounds). */
    public StreamingScorer(EventModel model, SolverSettings settings) {
        this(model, settings, settings);
    }

    /**
     * A scorer whose segment solves ({@link #advance}, {@link #observe}: the likelihood) use
     * {@code settings} and whose prediction solves use {@code predictionSettings}.
     */
    public StreamingScorer(EventModel model, SolverSettings settings, SolverSettings predictionSettings) {
        this.model = model;
        this.unit = model.timeUnit();
        this.logUnit = Math.log(unit);
        ModelArchitecture a = model.architecture();
        this.d = a.latentDim();
        this.k = a.numTypes();
        this.f = a.numFeatures();
        this.ws = model.newWorkspace();
        this.kernel = new FusedDynamics(model);
        this.jump = new FusedJump(model);
        this.segmentField = new SegmentDynamics(kernel, d, k);
        this.predictionField = new PredictionDynamics(kernel, d, k);
        this.firstStep = calibrateFirstStep(settings, segmentField, segmentField.dimension());
        this.predictionFirstStep = calibrateFirstStep(predictionSettings, predictionField,
                predictionField.dimension());
        this.segmentSolver = build(settings, segmentField.dimension(), firstStep);
        this.predictionSolver = build(predictionSettings, predictionField.dimension(), predictionFirstStep);
        this.fixedPoint = new FixedPoint(model, kernel, segmentField,
                build(FixedPoint.SETTINGS, segmentField.dimension(), Double.NaN));
        this.atol = new double[d];
        this.rtol = new double[d];
        for (int j = 0; j < d; j++) {
            atol[j] = predictionSettings.tolerances().atol(j);
            rtol[j] = predictionSettings.tolerances().rtol(j);
        }
        this.delta = new double[d];
        this.typeShift = new double[k];
        this.y = new double[d + 1];
        this.yp = new double[predictionField.dimension()];
        this.h = new double[d];
        this.x = new double[f];
        this.featureMean = new double[f];
        this.tracker = new Tracker();
    }

    private static RungeKuttaSolver build(SolverSettings s, int dim, double firstStep) {
        RungeKuttaSolver.Builder b = s.builder();
        if (!Double.isNaN(firstStep)) {
            b.initialStep(firstStep);
        }
        return b.build(dim);
    }

    /** The model scored. */
    public EventModel model() {
        return model;
    }

    /** Whether the last {@link #predict} ended on the fixed point and completed in closed form (for tests). */
    boolean lastPredictionSettled() {
        return tracker.settled;
    }

    /** Whether the last {@link #predict} stopped early on the linearised tail ({@link #LINEAR_BAND}; for tests). */
    boolean lastPredictionLinearised() {
        return tracker.settled && tracker.linearised;
    }

    /**
     * Does the one-time work of the first prediction under the model's current parameters now: the
     * dynamics' fixed point and the linearisation there, which the prediction's closed-form tail uses
     * ({@link FixedPoint}). A service rolling in a model calls this before it serves, so that no request
     * pays for it; the first-step calibration is done when the scorer is built. After the parameters
     * change ({@link io.tempora.nn.ParameterSet#version()}), the next prediction redoes the work unless
     * this is called again. Allocates (the linearisation's dense systems).
     *
     * @return whether the model has an attracting fixed point for predictions to settle on
     */
    public boolean warmUp() {
        return fixedPoint.update();
    }

    /** The fixed point the predictions' closed-form tail settles on (for tests). */
    FixedPoint fixedPoint() {
        return fixedPoint;
    }

    /** Solver evaluations spent by this scorer so far (all calls). */
    public long evaluations() {
        return evaluations;
    }

    /**
     * A new entity's state at time {@code t} (data units): the learned initial state, no events. Its first
     * {@link #observe} scores the first event as {@code log λ_k(h₀)} at a zero gap; a caller who conditions
     * on the first event (as the likelihood of a history does) starts with {@link #start} instead. Allocates.
     */
    public EntityState newState(double t) {
        ScoringInputs.requireFinite(t, "the start time");
        EntityState s = new EntityState(d, model.version());
        reset(s, t);
        return s;
    }

    /**
     * Resets {@code state} to a new entity's state at {@code t} under this model (whichever model version
     * made it, as long as the latent dimension is the same), without allocating.
     */
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
     * @throws ScoringException for a time not finite, an unknown type or features of the wrong length or
     *                          not finite
     */
    public EntityState start(double t, int type, double[] features) {
        ScoringInputs.requireFinite(t, "the first event's time");
        EntityState s = new EntityState(d, model.version());
        restart(s, t, type, features);
        return s;
    }

    /** {@link #start(double, int, double[])} for a model without features. */
    public EntityState start(double t, int type) {
        return start(t, type, null);
    }

    /**
     * Resets {@code state} to a history started at its first event ({@link #start}), without allocating.
     * The state is unchanged if the event is refused.
     */
    public void restart(EntityState state, double t, int type, double[] features) {
        ScoringInputs.requireFinite(t, "the first event's time");
        ScoringInputs.requireType(type, model);
        ScoringInputs.requireFeatures(features, model.features());
        ScoringInputs.requireDimension(state, model);
        if (f > 0) {
            model.features().standardise(features, x);
        }
        reset(state, t);
        System.arraycopy(state.h, 0, y, 0, d);
        jump.jump(y, type, 0, x, state.h);
        state.count = 1;
    }

    /**
     * The distribution of the type of an event at {@code t >= state.time()}, given the history:
     * {@code p(k | history, t) = λ_k(t⁻) / λ(t⁻)}, written into {@code out} (length K). The state is
     * evolved to {@code t} on a copy (one segment solve when {@code t} is later than its time, none at
     * its time), not a prediction solve; the state itself is left unchanged. Allocates nothing.
     *
     * @return the total intensity {@code λ(t⁻)}, events per data unit
     * @throws ScoringException for a time before the state's or not finite, a state not made by this model
     *                          or a failed solve
     */
    public double typeProbabilities(EntityState state, double t, double[] out) {
        ScoringInputs.requireState(state, model);
        ScoringInputs.requireNotBefore(state, t);
        if (out.length != k) {
            throw new IllegalArgumentException("the output has room for " + out.length + " types but the model has "
                    + k);
        }
        if (t == state.time) {
            System.arraycopy(state.h, 0, y, 0, d);
        } else {
            evolve(state.h, state.time, t, state.step);
        }
        double total = ws.intensities(y, out);
        for (int j = 0; j < k; j++) {
            out[j] /= total;
        }
        return total / unit;
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
        ScoringInputs.requireState(state, model);
        ScoringInputs.requireNotBefore(state, t);
        if (t == state.time) {
            return;
        }
        double lambda = evolve(state.h, state.time, t, state.step);
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
     * Scores an event and applies it: evolves the state to {@code t}, computes the event's
     * log-likelihood given the history (data units, see the class comment; higher is more expected, so
     * its negative is an anomaly score), then jumps. Mutates {@code state}.
     *
     * @param features the event's raw features (length F), or null when the model has none
     * @return the event's log-likelihood in the data's units
     * @throws ScoringException for an event before the state's time, an unknown type, features of the
     *                          wrong length or not finite, a state not made by this model or a failed
     *                          solve ({@link ScoringException#reason()}); the state is then unchanged
     */
    public double observe(EntityState state, double t, int type, double[] features) {
        ScoringInputs.requireState(state, model);
        ScoringInputs.requireNotBefore(state, t);
        ScoringInputs.requireType(type, model);
        ScoringInputs.requireFeatures(features, model.features());
        if (f > 0) {
            model.features().standardise(features, x);
        }
        double lambda = t == state.time ? 0 : evolve(state.h, state.time, t, state.step);
        if (t == state.time) {
            System.arraycopy(state.h, 0, y, 0, d);
        }
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
     * Predicts from the state as it would be at {@code t >= state.time()} with no event in between: one
     * forward solve of {@link PredictionDynamics} over {@code [t, t + max horizon]}, read at the horizons
     * through dense output, with the quantiles located on {@code Λ(s) = −ln(1 − q)} (Newton's method on
     * the dense output of the step that crosses it, record-and-continue). Fills {@code out}; allocates
     * nothing.
     *
     * <p>Read-only: the state is left byte-for-byte as it was ({@link EntityState#toBytes()} is the same
     * before and after), so an interactive query may predict from a stored state. The per-event path,
     * which keeps the state, uses {@link #predictAndRecordHint} instead.
     *
     * @param horizons durations from {@code t} (data units), finite and &gt; 0; at most the buffer's capacity
     * @throws ScoringException         for a time before the state's or not finite, a state not made by this
     *                                  model or a failed solve
     * @throws IllegalArgumentException for horizons that are not finite and positive or do not fit the buffer,
     *                                  or a buffer for another model's shape
     */
    public void predict(EntityState state, double t, double[] horizons, PredictionBuffer out) {
        predict(state, t, horizons, out, false);
    }

    /**
     * {@link #predict} at the state's own time, then records in the state the step the prediction
     * solve's controller chose there ({@link EntityState#stepHint()}), so that the next solve from the
     * state (the next event's segment) starts with it. The streams app's per-event path: observe, then
     * this. Changes nothing else in the state.
     */
    public void predictAndRecordHint(EntityState state, double[] horizons, PredictionBuffer out) {
        predict(state, state.time, horizons, out, true);
    }

    private void predict(EntityState state, double t, double[] horizons, PredictionBuffer out, boolean recordHint) {
        ScoringInputs.requireState(state, model);
        ScoringInputs.requireNotBefore(state, t);
        ScoringInputs.requirePredictionRequest(horizons, out, model);
        double hMax = 0;
        for (int j = 0; j < horizons.length; j++) {
            double hj = horizons[j];
            out.horizons[j] = hj;
            out.modelHorizons[j] = hj / unit;
            hMax = Math.max(hMax, out.modelHorizons[j]);
        }
        out.horizonCount = horizons.length;
        long before = evaluations;
        if (t == state.time) {
            System.arraycopy(state.h, 0, h, 0, d);
        } else {
            evolve(state.h, state.time, t, state.step);
            System.arraycopy(y, 0, h, 0, d);
        }
        out.time = t;
        out.totalIntensity = ws.intensities(h, out.intensity) / unit;
        for (int j = 0; j < k; j++) {
            out.intensity[j] /= unit;
        }
        if (f > 0) {
            ws.featureMean(h, featureMean);
            for (int j = 0; j < f; j++) {
                out.features[j] = model.features().mean(j) + model.features().sd(j) * featureMean[j];
            }
        }

        Arrays.fill(yp, 0);
        System.arraycopy(h, 0, yp, 0, d);
        boolean fixed = fixedPoint.update();
        tracker.begin(out, horizons.length, fixed, fixed && fixedPoint.linearised());
        try {
            predictionSolver.solve(predictionField, 0, yp, hMax, yp, stats, tracker);
        } catch (SolverException e) {
            throw new ScoringException(ScoringException.Reason.SOLVER_FAILURE, "the prediction solve from " + t
                    + " failed: " + e.getMessage(), e);
        }
        evaluations += stats.evaluations();
        if (recordHint && tracker.secondStep > 0) {
            state.step = tracker.secondStep;
        }
        if (tracker.settled) {
            settledRest(out, tracker.settledAt, hMax, tracker.linearised);
        }

        double lambdaEnd = yp[predictionField.compensator()];
        out.expectedTimeToNext = yp[predictionField.survivalIntegral()] * unit;
        double sum = 0;
        for (int j = 0; j < k; j++) {
            sum += yp[predictionField.typeDensityIntegral(j)];
        }
        // Σ_k ∫λ_k S = 1 − S(H) up to the solver's tolerance; dividing by the sum makes the shares add to 1.
        for (int j = 0; j < k; j++) {
            out.nextType[j] = sum > 0 && lambdaEnd > 0 ? yp[predictionField.typeDensityIntegral(j)] / sum
                    : out.intensity[j] / out.totalIntensity;
        }
        for (int i = 0; i < out.quantiles.length; i++) {
            if (i >= tracker.found) {
                out.quantiles[i] = Double.POSITIVE_INFINITY;
            }
        }
        out.evaluations = evaluations - before;
    }

    /**
     * The log-likelihood (data units) of events {@code [from, to)} of {@code sequence}, conditioned on
     * events {@code [0, from)}, for an entity that appeared at {@code origin}: the sum of
     * {@link #observe} over the scored events. Allocates a state.
     */
    public double logLikelihood(EventSequence sequence, int from, int to, double origin) {
        java.util.Objects.checkFromToIndex(from, to, sequence.size());
        EntityState s = newState(origin);
        double[] row = f > 0 ? new double[f] : null;
        double sum = 0;
        for (int i = 0; i < to; i++) {
            if (row != null) {
                for (int j = 0; j < f; j++) {
                    row[j] = sequence.feature(i, j);
                }
            }
            double ll = observe(s, sequence.time(i), sequence.type(i), row);
            if (i >= from) {
                sum += ll;
            }
        }
        return sum;
    }

    /**
     * Completes a prediction whose solve stopped at {@code s0} on the fixed point: with constant
     * intensities {@code λ_k*} from there on, and {@code S0 = exp(−Λ(s0))},
     * <pre>
     *   Λ_k(s) = Λ_k(s0) + λ_k* (s − s0),    Λ(s) = Λ(s0) + λ* (s − s0)
     *   ∫_{s0}^{H} S ds = S0 (1 − e^{−λ* (H − s0)}) / λ*,    ∫_{s0}^{H} λ_k S ds = λ_k* ∫_{s0}^{H} S ds
     * </pre>
     * for the horizons and quantiles beyond {@code s0}, and the end values in {@link #yp}. When it
     * stopped on the expanded tail ({@code linear}), the remaining deviation {@code δ = h(s0) − h*}
     * adds {@link TailLinearisation}'s first- and second-order terms (every horizon left is then far out and every quantile found).
     */
    private void settledRest(PredictionBuffer out, double s0, double hMax, boolean linear) {
        int c = predictionField.compensator();
        double lam = fixedPoint.totalIntensity();
        double lambda0 = yp[c];
        double shift = 0;
        Arrays.fill(typeShift, 0);
        if (linear) {
            double[] star = fixedPoint.point();
            for (int j = 0; j < d; j++) {
                delta[j] = yp[j] - star[j];
            }
            fixedPoint.linearisation().at(delta);
            for (int m = 0; m < k; m++) {
                typeShift[m] = fixedPoint.linearisation().compensatorShift(m);
                shift += typeShift[m];
            }
        }
        for (int j = 0; j < out.horizonCount; j++) {
            double tau = out.modelHorizons[j];
            if (tau > s0) {
                out.within[j] = -Math.expm1(-(lambda0 + lam * (tau - s0) + shift));
                for (int m = 0; m < k; m++) {
                    double lm = yp[predictionField.typeCompensator(m)] + fixedPoint.intensity(m) * (tau - s0)
                            + typeShift[m];
                    out.withinByType[j * k + m] = -Math.expm1(-lm);
                }
            }
        }
        double[] thresholds = out.quantileThresholds;
        while (tracker.found < thresholds.length && lam > 0) {
            double s = s0 + (thresholds[tracker.found] - lambda0) / lam;
            if (!(s <= hMax)) {
                break;
            }
            out.quantiles[tracker.found] = s * unit;
            tracker.found++;
        }
        double rest = hMax - s0;
        double survival = Math.exp(-lambda0);
        double survivalIntegral = lam > 0 ? survival * -Math.expm1(-lam * rest) / lam : survival * rest;
        double tailWeight = 0;
        if (linear) {
            tailWeight = survival * Math.exp(-shift);
            survivalIntegral = tailWeight
                    * (-Math.expm1(-lam * rest) / lam + fixedPoint.linearisation().survivalCorrection());
        }
        yp[predictionField.survivalIntegral()] += survivalIntegral;
        for (int m = 0; m < k; m++) {
            yp[predictionField.typeDensityIntegral(m)] += fixedPoint.intensity(m) * survivalIntegral
                    + (linear ? tailWeight * fixedPoint.linearisation().typeDensityCorrection(m) : 0);
            yp[predictionField.typeCompensator(m)] += fixedPoint.intensity(m) * rest + typeShift[m];
        }
        yp[c] = lambda0 + lam * rest + shift;
    }

    /**
     * The first step of every adaptive solve, chosen once per scorer from the model (so a state's
     * results do not depend on what the scorer solved before).
     *
     * <p>Why: the solver's generic starting heuristic (Hairer's, one extra evaluation) knows nothing
     * of the problem's scale and on trained models starts 10–25 times below the step the controller
     * then settles on; a typical gap of one model unit then costs three steps instead of one or two,
     * and every event pays for two solves. Here the step is what the controller itself picks at the
     * start of typical segments: from the learned initial state and from its jump by each type
     * (gap one model unit), solve the segment with the heuristic start and take the size of the first
     * accepted step the error estimate chose rather than the controller's growth cap (its
     * {@code maxFactor}, 10: the heuristic's step is so small that the second step is always exactly
     * ten times it; the step after is the controller's first informed choice); the smallest over these
     * states is used (a state whose every step grows by the cap, its field exact for the method, offers
     * its largest step). A step too large for some state is rejected and shrunk by the error control as
     * usual, so this only moves cost, never accuracy. (Until the cap was noticed the second step was
     * taken: 0.32 and 0.77 model units on the event benchmark's model, against 1.29 and 1.64 now with
     * the default settings.)
     *
     * <p>Segments and predictions are calibrated apart, each on its own field and tolerances: a
     * prediction starts from a state just after a jump like a segment, but its looser absolute tolerance
     * ({@link #DEFAULT_PREDICTION_SETTINGS}) lets the controller take larger steps from there.
     *
     * @return the step (model units), or NaN to keep the solver's heuristic (fixed-step or
     *         non-adaptive settings)
     */
    private double calibrateFirstStep(SolverSettings settings, VectorField field, int dimension) {
        if (!settings.controller().adaptive()) {
            return Double.NaN;
        }
        RungeKuttaSolver probe = build(settings, dimension, Double.NaN);
        double cap = probe.controller().maxFactor();
        double[] start = new double[dimension];
        double[] h0 = new double[d];
        System.arraycopy(model.parameters().values(), model.initialState().offset(), h0, 0, d);
        double[] informed = new double[1];
        double[] previous = new double[1];
        double[] largest = new double[1];
        final double end = 10;
        StepListener firstInformed = (tPrev, yPrev, tNew, yNew, step, dense) -> {
            double size = Math.abs(step);
            // Below the cap's multiple of the step before (none before the first, the heuristic's), and not
            // the last step (cut to the end time).
            boolean chosen = tNew < end && size < previous[0] * cap * (1 - 1e-9);
            if (chosen && Double.isNaN(informed[0])) {
                informed[0] = size;
            }
            if (tNew < end) {
                largest[0] = Math.max(largest[0], size);
            }
            previous[0] = size;
        };
        double[] zeros = new double[Math.max(1, f)];
        double best = Double.POSITIVE_INFINITY;
        for (int type = -1; type < k; type++) {
            Arrays.fill(start, 0);
            if (type < 0) {
                System.arraycopy(h0, 0, start, 0, d);
            } else {
                ws.jump(h0, type, 1.0, zeros, start);
            }
            previous[0] = 0;
            informed[0] = Double.NaN;
            largest[0] = 0;
            try {
                probe.solve(field, 0, start, end, start, stats, firstInformed);
            } catch (SolverException e) {
                return Double.NaN;  // a model the probe cannot solve: leave the choice to the heuristic
            }
            // Every step at the cap (an error estimate of zero all the way: the field is exact for the method
            // there, e.g. constant): the controller would go further still, so the largest step stands in.
            double candidate = !Double.isNaN(informed[0]) ? informed[0] : largest[0];
            if (candidate > 0) {
                best = Math.min(best, candidate);
            }
        }
        return Double.isFinite(best) && best > 0 ? best : Double.NaN;
    }

    /** The first step of adaptive segment solves (model units), or NaN where the solver's own heuristic is used. */
    double firstStep() {
        return firstStep;
    }

    /** The first step of adaptive prediction solves (model units), or NaN where the solver's own heuristic is used. */
    double predictionFirstStep() {
        return predictionFirstStep;
    }

    /**
     * Solves the segment from {@code h} at {@code t0} to {@code t1} into {@link #y}, starting with the
     * state's step hint when it has one (else the calibrated first step); returns its compensator.
     */
    private double evolve(double[] h0, double t0, double t1, double hint) {
        System.arraycopy(h0, 0, y, 0, d);
        y[d] = 0;
        // A hint read from bytes is not trusted: anything but a positive finite step means none.
        double first = hint > 0 && Double.isFinite(hint) ? hint : Double.NaN;
        try {
            segmentSolver.solve(segmentField, 0, y, (t1 - t0) / unit, y, stats, first);
        } catch (SolverException e) {
            throw new ScoringException(ScoringException.Reason.SOLVER_FAILURE, "the segment solve from " + t0 + " to "
                    + t1 + " failed: " + e.getMessage(), e);
        }
        evaluations += stats.evaluations();
        return y[d];
    }

    /** Reads the horizons and locates the quantiles as the prediction solve steps. Allocates nothing. */
    private final class Tracker implements StepListener {
        double[] horizons;
        final double[] scratch = new double[predictionField.dimension()];
        /** Λ's dense output over the current step as a polynomial in the step fraction ({@link DenseOutput#polynomial}). */
        final double[] lambdaPolynomial = new double[predictionSolver.tableau().denseDegree() + 1];
        PredictionBuffer out;
        int count;
        int found;
        double[] thresholds;

        /** The size of the second accepted step (the controller's first informed choice), or 0. */
        double secondStep;
        int accepted;

        boolean watchSettling;
        boolean watchLinear;
        boolean settled;
        boolean linearised;
        double settledAt;
        double lastDistance;
        /** The largest of the components' {@link #SETTLED} bands: a state further than this is not settled. */
        double settledCeiling;

        void begin(PredictionBuffer buffer, int n, boolean fixedPointKnown, boolean linearisationKnown) {
            out = buffer;
            horizons = buffer.modelHorizons;
            count = n;
            found = 0;
            thresholds = buffer.quantileThresholds;
            watchSettling = fixedPointKnown;
            watchLinear = linearisationKnown;
            settled = false;
            linearised = false;
            lastDistance = Double.POSITIVE_INFINITY;
            if (fixedPointKnown) {
                double[] star = fixedPoint.point();
                double ceiling = 0;
                for (int j = 0; j < d; j++) {
                    ceiling = Math.max(ceiling, settledBand(j, star));
                }
                settledCeiling = ceiling;
            }
            secondStep = 0;
            accepted = 0;
        }

        @Override
        public boolean stopAfterStep() {
            return settled;
        }

        /**
         * Whether the solve can stop at {@code tNew}: {@code yNew} on the fixed point to within
         * {@link #SETTLED} of the error scale, or within {@link #LINEAR_BAND} of it with the rest far enough
         * out for the linearised tail (sets {@link #linearised}); either way still closing in.
         */
        private boolean settles(double tNew, double[] yNew) {
            // One pass for the largest deviation (every step pays it); the per-component SETTLED bands only
            // when that is within the largest of them (rare: the linear band, far wider, stops first).
            double[] star = fixedPoint.point();
            double distance = 0;
            for (int j = 0; j < d; j++) {
                distance = Math.max(distance, Math.abs(yNew[j] - star[j]));
            }
            boolean closing = distance < lastDistance;
            lastDistance = distance;
            if (!closing) {
                return false;
            }
            if (distance <= settledCeiling && withinSettledBands(yNew, star)) {
                return true;
            }
            boolean withinLinear = watchLinear && distance <= LINEAR_BAND;
            if (!withinLinear || found < thresholds.length) {
                return false;
            }
            double far = fixedPoint.linearisation().far();
            for (int j = 0; j < count; j++) {
                if (horizons[j] > tNew && horizons[j] - tNew < far) {
                    return false;
                }
            }
            linearised = true;
            return true;
        }

        /** Component {@code j}'s {@link #SETTLED} band: that multiple of the prediction solver's error scale at {@code h*}. */
        private double settledBand(int j, double[] star) {
            return SETTLED * (atol[j] + rtol[j] * Math.abs(star[j]));
        }

        private boolean withinSettledBands(double[] yNew, double[] star) {
            for (int j = 0; j < d; j++) {
                if (Math.abs(yNew[j] - star[j]) > settledBand(j, star)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void onStep(double tPrev, double[] yPrev, double tNew, double[] yNew, double step, DenseOutput dense) {
            if (++accepted == 2) {
                secondStep = Math.abs(step);
            }
            int c = predictionField.compensator();
            for (int j = 0; j < count; j++) {
                double tau = horizons[j];
                if (tau > tPrev && tau <= tNew) {
                    double[] s = yNew;
                    if (tau != tNew) {
                        // Only the compensators are read: Λ and Λ_k, contiguous from c.
                        dense.evaluate(tau, scratch, c, predictionField.typeCompensator(k - 1) + 1);
                        s = scratch;
                    }
                    out.within[j] = -Math.expm1(-s[c]);
                    for (int m = 0; m < k; m++) {
                        out.withinByType[j * k + m] = -Math.expm1(-s[predictionField.typeCompensator(m)]);
                    }
                }
            }
            if (found < thresholds.length && yNew[c] >= thresholds[found]) {
                int degree = dense.polynomial(c, lambdaPolynomial);
                double span = tNew - tPrev;
                while (found < thresholds.length && yNew[c] >= thresholds[found]) {
                    double theta = crossing(thresholds[found], degree, yPrev[c], yNew[c]);
                    out.quantiles[found] = (tPrev + span * theta) * unit;
                    found++;
                }
            }
            if (watchSettling && settles(tNew, yNew)) {
                settled = true;
                settledAt = tNew;
            }
        }

        /**
         * The step fraction θ where Λ(θ) = {@code level}, on the step's dense output of Λ as a polynomial
         * ({@link #lambdaPolynomial}, degree {@code m}): Newton's method kept inside the bracket, bisecting
         * when a step would leave it. {@code ga < level <= gb} are Λ at the step's ends; Λ is increasing.
         * Why Newton on the polynomial: each trial costs 2m multiply-adds where the regula falsi it replaces
         * interpolated the step's every stage, and Newton converges quadratically where regula falsi does
         * not (quantile location was 8% of a predict loop in a JFR profile before, ~3% after).
         */
        private double crossing(double level, int m, double ga, double gb) {
            double fb = gb - level;
            if (fb == 0) {
                return 1;
            }
            double[] c = lambdaPolynomial;
            double lo = 0;
            double hi = 1;
            double theta = (level - ga) / (gb - ga);
            for (int it = 0; it < 60; it++) {
                double p = c[m];
                double dp = 0;
                for (int j = m - 1; j >= 0; j--) {
                    dp = dp * theta + p;
                    p = p * theta + c[j];
                }
                double g = p - level;
                if (g == 0) {
                    return theta;
                }
                if (g < 0) {
                    lo = theta;
                } else {
                    hi = theta;
                }
                double next = theta - g / dp;
                if (!(next > lo && next < hi)) {
                    next = 0.5 * (lo + hi);
                }
                if (Math.abs(next - theta) <= 1e-13) {
                    return next;
                }
                theta = next;
            }
            return theta;
        }
    }
}
