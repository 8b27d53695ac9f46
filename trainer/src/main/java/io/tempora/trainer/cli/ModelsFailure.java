package io.tempora.trainer.cli;

/**
 * Why a {@code models} command stops, with its exit status: {@link #EXIT_BAD_INPUT} for a request that cannot be
 * done as asked (unknown version, empty topic, unreadable model file, bad configuration), {@link #EXIT_UNAVAILABLE}
 * when the broker or the registry failed. The message says what was wrong and what to do.
 */
final class ModelsFailure extends RuntimeException {

    /** The exit status of a request that cannot be done as asked; the same as a usage error's. */
    static final int EXIT_BAD_INPUT = InputProblems.EXIT_BAD_INPUT;
    /** The exit status when the broker or the registry did not do its part. */
    static final int EXIT_UNAVAILABLE = 1;

    private final int exitCode;

    private ModelsFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    static ModelsFailure badInput(String message) {
        return new ModelsFailure(EXIT_BAD_INPUT, message, null);
    }

    static ModelsFailure unavailable(String message, Throwable cause) {
        return new ModelsFailure(EXIT_UNAVAILABLE, message, cause);
    }

    int exitCode() {
        return exitCode;
    }
}
