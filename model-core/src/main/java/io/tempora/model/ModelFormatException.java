package io.tempora.model;

/**
 * Bytes that {@link ModelCodec} refuses to read as a model. {@link #reason()} says which check
 * failed; the message says where and what to try.
 */
public final class ModelFormatException extends IllegalArgumentException {

    /** Which check failed. */
    public enum Reason {
        /** The bytes do not start with the model magic: not a Tempora model. */
        BAD_MAGIC,
        /** A format version this build cannot read. */
        UNSUPPORTED_VERSION,
        /** Fewer bytes than the header announces. */
        TRUNCATED,
        /** The checksum over the content does not match: the bytes were changed. */
        CHECKSUM_MISMATCH,
        /** The stored parameter layout differs from the one the stored architecture defines. */
        LAYOUT_MISMATCH,
        /** Inconsistent content (bad lengths, invalid metadata) behind a valid checksum. */
        MALFORMED
    }

    private final Reason reason;

    public ModelFormatException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public ModelFormatException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    /** Which check failed. */
    public Reason reason() {
        return reason;
    }
}
