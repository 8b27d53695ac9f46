package io.tempora.ode;

import java.util.List;

/**
 * The result of a rich solve.
 *
 * @param times          the requested output times that were reached, sorted along the direction of
 *                       integration (times after a stopping event are left out)
 * @param states         the state at each of {@code times}
 * @param endTime        where the solve ended: {@code t1}, or the time of a stopping event
 * @param endState       the state at {@code endTime}
 * @param events         every located event, in the order found
 * @param stoppedByEvent whether a {@link EventAction#STOP} event ended the solve early
 * @param stats          the counts of this solve
 */
public record Solution(
        double[] times,
        double[][] states,
        double endTime,
        double[] endState,
        List<EventOccurrence> events,
        boolean stoppedByEvent,
        SolveStats stats) {

    /** The state at output time number {@code i} (a copy). */
    public double[] state(int i) {
        return states[i].clone();
    }
}
