package io.tempora.ode;

/**
 * Steps of one magnitude, without error control: every step is accepted, and the solver shortens a step
 * only to land on a forced time or the end time. The method then needs no error estimator, and the solver
 * computes no error estimate. Immutable.
 *
 * @param step the step magnitude, positive and finite
 */
public record ConstantStepController(double step) implements StepSizeController {

    /** Validates the step. */
    public ConstantStepController {
        if (!(step > 0) || !Double.isFinite(step)) {
            throw SolverException.invalid("the constant step must be positive and finite, was " + step);
        }
    }

    @Override
    public boolean adaptive() {
        return false;
    }

    /** 1: steps never grow. */
    @Override
    public double maxFactor() {
        return 1;
    }

    /** The constant step; a requested first step is ignored. */
    @Override
    public double initialStep(double requested, StartingStep automatic) {
        return step;
    }

    @Override
    public State newState() {
        return new Fixed(step);
    }

    /** Proposes the constant step after every step. */
    private static final class Fixed implements State {
        private final double step;
        private double next;

        Fixed(double step) {
            this.step = step;
        }

        @Override
        public void reset() {
            next = Double.NaN;
        }

        @Override
        public boolean accept(double h, double err) {
            next = Math.copySign(step, h);
            return true;
        }

        @Override
        public double nextStep() {
            return next;
        }
    }
}
