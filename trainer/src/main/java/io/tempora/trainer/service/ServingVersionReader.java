package io.tempora.trainer.service;

import io.tempora.streams.model.ModelCatalog;
import io.tempora.streams.model.ModelFollower;
import io.tempora.streams.model.ModelValidator;
import io.tempora.streams.model.RefusedVersion;
import io.tempora.streams.model.ServingModel;
import io.tempora.streams.model.SignatureVerifier;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the models topic says at a run's start: the version the streams app serves (the champion) and the highest
 * version number on the topic. It reads the topic to its end with the streams app's own {@link ModelFollower} and
 * {@link ModelCatalog}, so the champion is chosen exactly as the app chooses it (newest valid version, or the pinned
 * one; signatures checked when a verification key is configured), then stops.
 *
 * <p>A small piece for the trainer alone until a reusable reader of the whole topic exists ({@code ModelHistory});
 * it is meant to be folded into that.
 */
final class ServingVersionReader {

    /**
     * The models topic at a run's start.
     *
     * @param serving the version the app serves, if any
     * @param newest  the highest version number read (valid or refused), if any: a new version takes the next one,
     *                so no number is ever written twice
     * @param pinned  the pinned version, if configured
     */
    record ModelTopicState(Optional<ServingModel> serving, OptionalLong newest, OptionalLong pinned) {}

    private final TrainerConfig config;

    ServingVersionReader(TrainerConfig config) {
        this.config = config;
    }

    /**
     * Reads the topic to its end offsets.
     *
     * @throws OutageException if that takes longer than {@code read.timeout.ms} (broker or registry unreachable)
     * @throws IllegalStateException if a version is pinned but not on the topic (or refused): the champion the
     *                               operator chose cannot be read, and no other version is substituted for it
     */
    ModelTopicState read() {
        String name = config.modelName();
        Map<String, Long> pins = config.pinnedVersion() >= 0 ? Map.of(name, config.pinnedVersion()) : Map.of();
        ModelCatalog catalog = new ModelCatalog(pins);
        String key = config.verificationKey();
        ModelValidator validator = new ModelValidator(
                key.isBlank() ? Optional.empty() : Optional.of(SignatureVerifier.fromBase64X509(key)));
        try (ModelFollower follower =
                new ModelFollower(config.clientConfigs(), config.modelsTopic(), validator, catalog)) {
            follower.start();
            if (!follower.awaitCaughtUp(config.readTimeout())) {
                throw new OutageException("reading the models topic " + config.modelsTopic() + " to its end took "
                        + "longer than " + config.readTimeout() + " (broker or registry unreachable?)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutageException("interrupted while reading the models topic", e);
        }
        long newest = -1;
        for (ServingModel m : catalog.versions(name)) {
            newest = Math.max(newest, m.version());
        }
        for (RefusedVersion r : catalog.refused(name)) {
            if (r.version().isPresent()) {
                newest = Math.max(newest, r.version().getAsLong());
            }
        }
        Optional<ServingModel> serving = catalog.serving(name);
        OptionalLong pinned = catalog.pinned(name);
        if (pinned.isPresent() && serving.isEmpty()) {
            throw new IllegalStateException("version " + pinned.getAsLong() + " of model " + name + " is pinned ("
                    + TrainerConfig.MODEL_PINNED_VERSION_CONFIG + ") but is not a valid version on "
                    + config.modelsTopic() + (catalog.refused(name).isEmpty() ? "" : "; refused: " + refusals(catalog))
                    + "; the champion cannot be read, so nothing is trained");
        }
        return new ModelTopicState(serving, newest < 0 ? OptionalLong.empty() : OptionalLong.of(newest), pinned);
    }

    private String refusals(ModelCatalog catalog) {
        StringBuilder sb = new StringBuilder();
        for (RefusedVersion r : catalog.refused(config.modelName())) {
            sb.append(sb.length() == 0 ? "" : "; ")
                    .append(r.reason())
                    .append(": ")
                    .append(r.message());
        }
        return sb.toString();
    }
}
