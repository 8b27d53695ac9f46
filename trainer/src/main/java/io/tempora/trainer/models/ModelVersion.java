package io.tempora.trainer.models;

import io.tempora.schemas.ModelParameters;
import io.tempora.streams.model.RefusedVersion;
import io.tempora.streams.model.ServingModel;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * One record of the {@code model-parameters} topic that could be decoded, and what the streams app makes of it.
 *
 * @param record  the record as read; shared, not to be modified
 * @param source  where it was read, {@code topic-partition@offset}
 * @param model   the validated model when the record passes {@code ModelValidator} (its parameters are usable,
 *                whether or not the app serves this version), empty when validation refused it
 * @param refusal why the app refuses this version, when it does: a failed validation, or
 *                {@code NOT_NEWER} when its number is not above a version the app accepted before it; empty when the
 *                app accepts it
 */
public record ModelVersion(
        ModelParameters record, String source, Optional<ServingModel> model, Optional<RefusedVersion> refusal) {

    public ModelVersion {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(refusal, "refusal");
    }

    /** The model name (the record key). */
    public String name() {
        return record.getModelName();
    }

    /** The version number. */
    public long version() {
        return record.getVersion();
    }

    /** The version it was made from (trained from, or republished from), if any. */
    public OptionalLong parentVersion() {
        Long parent = record.getParentVersion();
        return parent == null ? OptionalLong.empty() : OptionalLong.of(parent);
    }

    /** When it was produced. */
    public Instant createdAt() {
        return record.getCreatedAt();
    }

    /** The training metrics it carries, by name, sorted. */
    public Map<String, Double> metrics() {
        return new TreeMap<>(record.getTrainingMetrics());
    }

    /** The checksum of its tensors ({@code sha256:…}): equal checksums are equal parameters. */
    public String checksum() {
        return record.getChecksum();
    }

    /** Whether it carries a signature (checked only when a verification key is configured). */
    public boolean signed() {
        return record.getSignature() != null;
    }

    /** Whether the streams app accepts this version (it serves the newest accepted one unless a version is pinned). */
    public boolean accepted() {
        return refusal.isEmpty();
    }

    /** {@code name@version}. */
    public String label() {
        return ServingModel.label(name(), version());
    }
}
