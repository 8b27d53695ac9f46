package io.tempora.ode;

/**
 * Proportional–integral step-size control (Gustafsson 1991; Hairer, Wanner, <i>Solving ODEs II</i>,
 * §IV.2, as in DOPRI5). After a step with scaled error {@code err} following an accepted step with
 * error {@code errPrev}, the next step is
 * <pre>
 *   h_new = h · clamp( safety · err^(−alpha) · errPrev^(beta),  minFactor, maxFactor )
 * </pre>
 * A step is accepted when {@code err ≤ 1}. A rejected step uses only the integral part and never
 * grows; the step right after a rejection does not grow either; a trial step with non-finite values
 * shrinks by {@code minFactor}. The first accepted step of a solve has no predecessor and uses
 * {@code errPrev = 1}, which makes its proportional factor neutral. {@code beta = 0} is the classic
 * integral controller (what Hipparchus, SciPy and torchdiffeq use, with {@code alpha = 1/(p̂+1)}).
 *
 * <p>Immutable; the error history of a solve is in the {@linkplain #newState() state} each solver holds.
 *
 * @param alpha     the integral gain, about {@code 1/(p̂+1)} for an error estimator of order {@code p̂}
 * @param beta      the proportional gain, 0 to 0.1
 * @param safety    the safety factor, below 1
 * @param minFactor the smallest allowed ratio of successive steps, in (0, 1)
 * @param maxFactor the largest allowed ratio, above 1
 */
public record PiController(double alpha, double beta, double safety, double minFactor, double maxFactor)
        implements StepSizeController {

    /** The safety factor of both standard controllers: aim at 90% of the tolerated error. */
    public static final double SAFETY = 0.9;

    /** The smallest ratio of successive steps of both standard controllers. */
    public static final double MIN_FACTOR = 0.2;

    /** The largest ratio of successive steps of both standard controllers. */
    public static final double MAX_FACTOR = 10;

    /** Hairer's proportional gain in DOPRI5. */
    public static final double HAIRER_BETA = 0.04;

    /** The share of {@code beta} Hairer's controller takes off the integral gain {@code 1/q}. */
    static final double HAIRER_ALPHA_REDUCTION = 0.75;

    /**
     * The smallest accepted error remembered as {@code errPrev}: an exact step ({@code err = 0}) would
     * otherwise make the next step's proportional factor {@code errPrev^beta} zero.
     */
    static final double MIN_PREVIOUS_ERROR = 1e-4;

    /** The accepted error assumed before the first step of a solve: a neutral proportional factor. */
    static final double NO_PREVIOUS_ERROR = 1;

    /** Validates the gains and bounds. */
    public PiController {
        if (!(alpha > 0 && alpha <= 1)) {
            throw SolverException.invalid("controller alpha must be in (0, 1], was " + alpha);
        }
        if (!(beta >= 0 && beta < alpha)) {
            throw SolverException.invalid("controller beta must be in [0, alpha), was " + beta);
        }
        if (!(safety > 0 && safety <= 1)) {
            throw SolverException.invalid("controller safety must be in (0, 1], was " + safety);
        }
        if (!(minFactor > 0 && minFactor < 1)) {
            throw SolverException.invalid("controller minFactor must be in (0, 1), was " + minFactor);
        }
        if (!(maxFactor > 1 && Double.isFinite(maxFactor))) {
            throw SolverException.invalid("controller maxFactor must be finite and above 1, was " + maxFactor);
        }
    }

    /**
     * The integral controller {@code alpha = 1/q}, no proportional part, safety {@value #SAFETY}, factors
     * in [{@value #MIN_FACTOR}, {@value #MAX_FACTOR}]: the convention of Hipparchus, SciPy and torchdiffeq.
     *
     * @param q one more than the order of the error estimator (5 for a 5(4) pair)
     */
    public static PiController integral(int q) {
        checkOrder(q);
        return new PiController(1.0 / q, 0, SAFETY, MIN_FACTOR, MAX_FACTOR);
    }

    /**
     * The default: Hairer's DOPRI5 PI controller for an error estimator of order {@code q − 1},
     * {@code beta = 0.04, alpha = 1/q − 0.75·beta}, safety {@value #SAFETY}, factors in
     * [{@value #MIN_FACTOR}, {@value #MAX_FACTOR}]. It gives smoother step sequences with fewer rejections
     * than the integral controller (see {@code docs/decisions.md}).
     *
     * @param q one more than the order of the error estimator (5 for a 5(4) pair)
     */
    public static PiController hairer(int q) {
        checkOrder(q);
        return new PiController(
                1.0 / q - HAIRER_ALPHA_REDUCTION * HAIRER_BETA, HAIRER_BETA, SAFETY, MIN_FACTOR, MAX_FACTOR);
    }

    private static void checkOrder(int q) {
        if (q < 2) {
            throw SolverException.invalid("q is one more than the error estimator's order, at least 2; was " + q);
        }
    }

    @Override
    public boolean adaptive() {
        return true;
    }

    /** The requested step, or else the solver's estimate. */
    @Override
    public double initialStep(double requested, StartingStep automatic) {
        return Double.isNaN(requested) ? automatic.estimate() : requested;
    }

    @Override
    public StepSizeController.State newState() {
        return new History(this);
    }

    /** The factor to scale an accepted step by; {@code errPrev} is the previous accepted error. */
    double acceptedFactor(double err, double errPrev, boolean afterRejection) {
        // err = 0 (exact step) would give an infinite factor: the clamp turns it into maxFactor.
        double factor = safety * Math.pow(err, -alpha) * (beta == 0 ? 1 : Math.pow(errPrev, beta));
        double max = afterRejection ? 1 : maxFactor;
        return Math.max(minFactor, Math.min(max, factor));
    }

    /** The factor to shrink a rejected step by; {@code minFactor} for an infinite error. */
    double rejectedFactor(double err) {
        return Math.max(minFactor, Math.min(1, safety * Math.pow(err, -alpha)));
    }

    /** The previous accepted error and whether the last trial was rejected. */
    private static final class History implements StepSizeController.State {
        private final PiController controller;
        private double errPrev = NO_PREVIOUS_ERROR;
        private boolean rejectedLast;
        private double next;

        History(PiController controller) {
            this.controller = controller;
        }

        @Override
        public void reset() {
            errPrev = NO_PREVIOUS_ERROR;
            rejectedLast = false;
            next = Double.NaN;
        }

        @Override
        public boolean accept(double h, double err) {
            if (!(err <= 1)) {
                // err = +∞ (a non-finite trial) gives err^(−alpha) = 0, which the clamp turns into minFactor.
                next = h * controller.rejectedFactor(err);
                rejectedLast = true;
                return false;
            }
            next = h * controller.acceptedFactor(err, errPrev, rejectedLast);
            errPrev = Math.max(err, MIN_PREVIOUS_ERROR);
            rejectedLast = false;
            return true;
        }

        @Override
        public double nextStep() {
            return next;
        }
    }
}
