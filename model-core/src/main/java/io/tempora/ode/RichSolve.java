package io.tempora.ode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Output times, event location and a user listener on top of the solver loop. One per solver,
 * reused; allocates the per-solve result.
 */
final class RichSolve implements StepHook {

    private final RungeKuttaSolver solver;

    private double[] outputs;
    private double[][] outputStates;
    private int nextOutput;
    private List<EventSpec> events;
    private double[] gPrev;
    private double[] gNew;
    private double[] scratch;
    private double direction;
    private List<EventOccurrence> occurrences;
    private boolean stopped;
    private StepListener listener;

    RichSolve(RungeKuttaSolver solver) {
        this.solver = solver;
    }

    Solution solve(VectorField f, double t0, double[] y0, double t1, SolveRequest request) {
        if (request == null) {
            throw SolverException.invalid("the request is null; use SolveRequest.none()");
        }
        int n = solver.dimension();
        direction = t1 >= t0 ? 1 : -1;
        double lo = Math.min(t0, t1);
        double hi = Math.max(t0, t1);
        outputs = request.outputTimes();
        for (double t : outputs) {
            if (t < lo || t > hi) {
                throw SolverException.invalid("output time " + t + " is outside the solve's interval [" + lo + ", " + hi
                        + "]; extend the interval or drop the time");
            }
        }
        outputs = Arrays.stream(outputs)
                .map(t -> t * direction)
                .sorted()
                .map(t -> t * direction)
                .toArray();
        outputStates = new double[outputs.length][];
        nextOutput = 0;
        events = request.events();
        gPrev = new double[events.size()];
        gNew = new double[events.size()];
        scratch = new double[n];
        occurrences = new ArrayList<>();
        stopped = false;
        listener = request.listener();
        double[] stepTimes = RungeKuttaSolver.sortedStepTimes(request.stepTimes(), t0, t1);
        double[] yEnd = new double[n];
        SolveStats stats = new SolveStats();
        double tEnd = solver.integrate(f, t0, y0, t1, yEnd, stats, this, stepTimes, Double.NaN);
        double[] times = Arrays.copyOf(outputs, nextOutput);
        double[][] states = Arrays.copyOf(outputStates, nextOutput);
        Solution solution = new Solution(times, states, tEnd, yEnd, List.copyOf(occurrences), stopped, stats);
        outputs = null;
        outputStates = null;
        listener = null;
        events = null;
        occurrences = null;
        return solution;
    }

    @Override
    public void start(double t0, double[] y0, double t1) {
        while (nextOutput < outputs.length && outputs[nextOutput] == t0) {
            outputStates[nextOutput++] = y0.clone();
        }
        for (int i = 0; i < gPrev.length; i++) {
            gPrev[i] = events.get(i).function().value(t0, y0);
        }
        if (listener != null) {
            listener.onStart(t0, y0, t1);
        }
    }

    @Override
    public double afterStep(double tPrev, double[] yPrev, double tNew, double[] yNew, double h, DenseOutput dense) {
        if (listener != null) {
            listener.onStep(tPrev, yPrev, tNew, yNew, h, dense);
        }
        double stopAt = Double.NaN;
        int firstOccurrence = occurrences.size();
        for (int i = 0; i < gPrev.length; i++) {
            EventSpec event = events.get(i);
            double g1 = event.function().value(tNew, yNew);
            gNew[i] = g1;
            double g0 = gPrev[i];
            if (g0 != 0 && (g1 == 0 || (g0 > 0) != (g1 > 0))) {
                double root = g1 == 0 ? tNew : locate(event, tPrev, g0, tNew, g1, dense);
                if (event.action() == EventAction.STOP && (Double.isNaN(stopAt) || (root - stopAt) * direction < 0)) {
                    stopAt = root;
                }
                dense.evaluate(root, scratch);
                occurrences.add(new EventOccurrence(i, root, root == tNew ? yNew : scratch));
            }
        }
        if (!Double.isNaN(stopAt)) {
            // Keep only what happened up to the stopping event, in time order.
            List<EventOccurrence> step = new ArrayList<>(occurrences.subList(firstOccurrence, occurrences.size()));
            occurrences.subList(firstOccurrence, occurrences.size()).clear();
            final double stop = stopAt;
            step.stream()
                    .filter(o -> (o.time() - stop) * direction <= 0)
                    .sorted((x, y) -> Double.compare(x.time() * direction, y.time() * direction))
                    .forEach(occurrences::add);
            stopped = true;
        }
        double limit = Double.isNaN(stopAt) ? tNew : stopAt;
        while (nextOutput < outputs.length && (outputs[nextOutput] - limit) * direction <= 0) {
            double t = outputs[nextOutput];
            double[] state = new double[yNew.length];
            if (t == tNew) {
                System.arraycopy(yNew, 0, state, 0, state.length);
            } else {
                dense.evaluate(t, state);
            }
            outputStates[nextOutput++] = state;
        }
        double[] swap = gPrev;
        gPrev = gNew;
        gNew = swap;
        return stopAt;
    }

    /** Illinois regula falsi on the dense output, keeping a sign-changing bracket [ta, tb]. */
    private double locate(EventSpec event, double ta, double ga, double tb, double gb, DenseOutput dense) {
        EventFunction g = event.function();
        double tol = event.tolerance();
        int side = 0;
        for (int iteration = 0; iteration < 200 && Math.abs(tb - ta) > tol; iteration++) {
            double tm = (ta * gb - tb * ga) / (gb - ga);
            // Fall back to bisection when the secant point is not strictly inside the bracket.
            if (!((tm - ta) * (tb - tm) > 0) || iteration % 8 == 7) {
                tm = 0.5 * (ta + tb);
            }
            dense.evaluate(tm, scratch);
            double gm = g.value(tm, scratch);
            if (gm == 0) {
                return tm;
            }
            if ((gm > 0) == (gb > 0)) {
                tb = tm;
                gb = gm;
                if (side == -1) {
                    ga *= 0.5;
                }
                side = -1;
            } else {
                ta = tm;
                ga = gm;
                if (side == 1) {
                    gb *= 0.5;
                }
                side = 1;
            }
        }
        // The end past the sign change: a solve restarted there does not see the same root again.
        return tb;
    }

    @Override
    public void end(double t, double[] y) {
        if (listener != null) {
            listener.onEnd(t, y);
        }
    }
}
