package io.tempora.model.train;

import io.tempora.data.EventSequence;

/**
 * The windows of one mini-batch as {@link Trainer} hands them to a {@link WindowExecutor}: for window
 * {@code b < size()}, the training events {@code [from(b), to(b))} of {@code sequence(b)}, the state
 * it starts from and where its end state goes. Filled by the trainer once per mini-batch into arrays
 * sized once per run; executors read it and write only the end states. Not thread-safe.
 */
public final class WindowBatch {

    private final EventSequence[] sequences;
    private final int[] from;
    private final int[] to;
    private final double[][] start;
    private final double[] startTime;
    private final boolean[] origin;
    private final double[][] end;
    private int size;
    private long events;

    /** An empty batch of room for {@code capacity} windows. */
    WindowBatch(int capacity) {
        this.sequences = new EventSequence[capacity];
        this.from = new int[capacity];
        this.to = new int[capacity];
        this.start = new double[capacity][];
        this.startTime = new double[capacity];
        this.origin = new boolean[capacity];
        this.end = new double[capacity][];
    }

    void clear() {
        size = 0;
        events = 0;
    }

    void add(
            EventSequence sequence,
            int fromEvent,
            int toEvent,
            double[] startState,
            double startAt,
            boolean fromOrigin,
            double[] endState) {
        if (size == sequences.length) {
            throw new IllegalStateException("a mini-batch holds at most " + sequences.length + " windows");
        }
        sequences[size] = sequence;
        from[size] = fromEvent;
        to[size] = toEvent;
        start[size] = startState;
        startTime[size] = startAt;
        origin[size] = fromOrigin;
        end[size] = endState;
        events += toEvent - fromEvent;
        size++;
    }

    /** The number of windows. */
    public int size() {
        return size;
    }

    /** The number of events over all windows. */
    public long events() {
        return events;
    }

    /** The sequence window {@code b} is cut from. */
    public EventSequence sequence(int b) {
        return sequences[b];
    }

    /** The index of window {@code b}'s first event in its sequence. */
    public int from(int b) {
        return from[b];
    }

    /** One past the index of window {@code b}'s last event. */
    public int to(int b) {
        return to[b];
    }

    /**
     * The latent state window {@code b} starts from, right after event {@code from(b) − 1} or, at the
     * sequence's origin, the model's {@code h0}; read only (windows may share it).
     */
    public double[] start(int b) {
        return start[b];
    }

    /** The time of {@link #start(int)} in data units: {@code t_{from−1}}, or the sequence's first event time. */
    public double startTime(int b) {
        return startTime[b];
    }

    /** Whether window {@code b} starts at its sequence's origin from {@code h0} (then {@code h0} gets a gradient). */
    public boolean origin(int b) {
        return origin[b];
    }

    /**
     * Where the executor writes the latent state after window {@code b}'s last event (the next window of
     * its stream starts there).
     */
    public double[] end(int b) {
        return end[b];
    }
}
