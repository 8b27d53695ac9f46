package io.tempora.data;

import java.util.Objects;

/**
 * Events {@code [from, to)} of a sequence to be scored or trained on, with events {@code [0, from)} as the
 * history they are conditioned on (a model filters its state through the history first).
 *
 * <p>The scored time interval is {@code (t_{from-1}, t_{to-1}]}, with {@code t_{-1}} the sequence's origin
 * (time 0 for simulated data): the log-likelihood of a window is
 * <pre>
 *   sum_{i=from}^{to-1} log lambda_{k_i}(t_i | H_{t_i}) - integral_{t_{from-1}}^{t_{to-1}} lambda(t | H_t) dt
 * </pre>
 * so the windows of a partition of {@code [0, n)} add up to the log-likelihood of the whole sequence up to
 * its last event.
 *
 * @param sequence the whole history (including the conditioning part)
 * @param from     first scored event
 * @param to       one past the last scored event; {@code from <= to <= sequence.size()}
 */
public record Window(EventSequence sequence, int from, int to) {

    public Window {
        Objects.requireNonNull(sequence, "sequence");
        Objects.checkFromToIndex(from, to, sequence.size());
    }

    /** The whole sequence, no conditioning history. */
    public static Window whole(EventSequence sequence) {
        return new Window(sequence, 0, sequence.size());
    }

    /** Number of scored events. */
    public int size() {
        return to - from;
    }
}
