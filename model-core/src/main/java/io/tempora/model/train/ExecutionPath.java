package io.tempora.model.train;

/** Where the training arithmetic runs. */
public enum ExecutionPath {
    /** One window at a time on plain {@code double[]}, windows spread over worker threads. */
    PLAIN,
    /** Windows of a mini-batch stepped together on ND4J ({@link BatchedWindowGradient}); single-threaded. */
    BATCHED_ND4J
}
