package io.tempora.streams.model;

import io.tempora.streams.model.ModelRefusedException.Reason;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A model version that was refused, and why.
 *
 * @param modelName the model name (the record key when the record could not be decoded)
 * @param version   the version number, absent when the record could not be decoded
 * @param reason    the stable reason code
 * @param message   what was wrong and where
 * @param source    where the record was read, e.g. {@code model-parameters-0@17} (topic-partition@offset)
 * @param refusedAt when it was refused
 */
public record RefusedVersion(
        String modelName, OptionalLong version, Reason reason, String message, String source, Instant refusedAt) {

    public RefusedVersion {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(refusedAt, "refusedAt");
    }

    /** The refusal of {@code e} for {@code modelName} at {@code version}, read from {@code source}, now. */
    public static RefusedVersion of(String modelName, OptionalLong version, ModelRefusedException e, String source) {
        return new RefusedVersion(modelName, version, e.reason(), e.getMessage(), source, Instant.now());
    }
}
