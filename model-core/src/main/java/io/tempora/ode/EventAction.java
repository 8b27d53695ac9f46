package io.tempora.ode;

/** What a solve does at an event. */
public enum EventAction {
    /** Record the event and end the solve at it. */
    STOP,
    /** Record the event and go on. */
    CONTINUE
}
