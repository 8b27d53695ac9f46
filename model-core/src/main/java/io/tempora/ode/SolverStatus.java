package io.tempora.ode;

/**
 * Why a solve failed. Each constant carries the advice that goes into the exception message, in the
 * spirit of Hipparchus' {@code LocalizedODEFormats} and diffrax's result codes.
 */
public enum SolverStatus {
    /** The step budget ran out before the end time was reached. */
    MAX_STEPS_EXCEEDED("raise maxSteps, loosen rtol/atol, or check whether the problem is stiff"
            + " (an explicit method then needs tiny steps)"),
    /** The step size fell below what floating point can resolve at the current time. */
    STEP_SIZE_UNDERFLOW("the solution may blow up or have a discontinuity here: check the vector field,"
            + " put the discontinuity into the forced step times, or loosen rtol/atol"),
    /** The state became NaN or infinite. */
    NON_FINITE_STATE("check the initial state and the vector field for overflow; smaller tolerances"
            + " or a smaller maxStep may help if the solution is finite but steep"),
    /** The vector field returned NaN or infinity. */
    NON_FINITE_DERIVATIVE("check the vector field at this time and state (division by zero, log of a"
            + " non-positive number, overflow of exp)"),
    /** The caller passed something the solver cannot work with. */
    INVALID_ARGUMENT("fix the argument named in the message");

    private final String advice;

    SolverStatus(String advice) {
        this.advice = advice;
    }

    /** What the caller can try; appended to every message of this status. */
    public String advice() {
        return advice;
    }
}
