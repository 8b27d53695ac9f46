package io.tempora.streams.model;

import java.util.Objects;

/**
 * A model version that must not serve, with a stable {@link Reason} and a message saying what was wrong and where
 * (which tensor, which element). Raised by {@link ModelValidator} and {@link ModelCatalog#accept}; the follower
 * records it in the catalog ({@link RefusedVersion}) and the previous version keeps serving.
 */
public final class ModelRefusedException extends RuntimeException {

    /** Why a version is refused; the names are stable (logged, counted, exposed as metrics labels). */
    public enum Reason {
        /** The record could not be read: not the Confluent wire format, unknown schema id, corrupt Avro. */
        UNDECODABLE,
        /** The Kafka record key is not the record's {@code modelName} (or there is no key). */
        KEY_MISMATCH,
        /** {@code architecture.family} (or a known setting of it) is not one this build can score. */
        WRONG_FAMILY,
        /** Architecture dimensions, time unit, type vocabulary or feature statistics are unusable. */
        INVALID_METADATA,
        /** The tensors' names or shapes, or their byte lengths, are not the ones the architecture defines. */
        SHAPE_MISMATCH,
        /** A tensor element is NaN or infinite. */
        NON_FINITE_VALUE,
        /** The checksum recomputed over the tensors differs from the stored one, or is not {@code sha256:hex}. */
        CHECKSUM_MISMATCH,
        /** A verification key is configured but the version carries no signature. */
        UNSIGNED,
        /** The signature does not verify against the configured key over the checksum. */
        BAD_SIGNATURE,
        /** The version number is not above the newest accepted version of the model (and not a re-send of it). */
        NOT_NEWER
    }

    private final Reason reason;

    public ModelRefusedException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public ModelRefusedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The stable reason code. */
    public Reason reason() {
        return reason;
    }

    @Override
    public String toString() {
        return "ModelRefusedException[" + reason + "]: " + getMessage();
    }
}
