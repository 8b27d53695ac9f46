package io.tempora.ode;

/**
 * One located root of an event function.
 *
 * @param eventIndex the index of the event in {@link SolveRequest#events()}
 * @param time       the located time (within the event's tolerance of the root of the dense output)
 * @param state      the state at {@code time} from the dense output
 */
public record EventOccurrence(int eventIndex, double time, double[] state) {

    /** Copies the state. */
    public EventOccurrence {
        state = state.clone();
    }

    @Override
    public double[] state() {
        return state.clone();
    }
}
