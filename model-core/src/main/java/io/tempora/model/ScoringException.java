package io.tempora.model;

/**
 * A failure of the {@link StreamingScorer} on one entity's input, with a stable {@link Reason} a service
 * routes on (the streams app turns these into dead letters) and a message saying what was wrong. The
 * state the call was given is unchanged when this is thrown.
 */
public final class ScoringException extends RuntimeException {

    /** Why a call failed. The constants' names are stable: services match on them. */
    public enum Reason {
        /** A time (event, advance or prediction time) is NaN or infinite. */
        NON_FINITE_TIME,
        /** An event's feature is NaN or infinite. */
        NON_FINITE_FEATURE,
        /** An event has a different number of features than the model. */
        FEATURE_COUNT_MISMATCH,
        /** An event (or advance, or prediction) is before the state's time. */
        EVENT_BEFORE_STATE_TIME,
        /** An event type index outside the model's types. */
        UNKNOWN_TYPE,
        /** The ODE solver failed (step size underflow, step budget, non-finite values). */
        SOLVER_FAILURE,
        /** The state was not made by this model: another latent dimension or model version. */
        STATE_MODEL_MISMATCH
    }

    private final Reason reason;

    ScoringException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** A failure caused by {@code cause}, whose message is appended to {@code message}. */
    ScoringException(Reason reason, String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
        this.reason = reason;
    }

    /** The stable reason code. */
    public Reason reason() {
        return reason;
    }
}
