package io.tempora.trainer.service;

/**
 * The broker or the schema registry could not be reached (or made no progress) during a run: nothing is wrong with
 * the data or the configuration, so the run is retried with backoff ({@link RetryingRunner}) rather than failed.
 */
public final class OutageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public OutageException(String message, Throwable cause) {
        super(message, cause);
    }

    public OutageException(String message) {
        super(message);
    }
}
