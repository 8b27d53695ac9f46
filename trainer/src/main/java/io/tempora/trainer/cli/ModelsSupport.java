package io.tempora.trainer.cli;

import io.tempora.streams.Topics;
import io.tempora.streams.model.ModelPublisher;
import io.tempora.streams.model.ModelRefusedException;
import io.tempora.streams.model.ModelSigner;
import io.tempora.streams.model.TensorChecksum;
import io.tempora.trainer.cli.ModelsConnection.Settings;
import io.tempora.trainer.models.ModelHistory;
import io.tempora.trainer.models.ModelVersion;
import io.tempora.trainer.models.VersionPublisher;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** What the {@code models} commands share: reading the history, finding a version, signing, publishing. */
final class ModelsSupport {

    /** Hex digits of a checksum shown in tables and messages. */
    static final int SHORT_CHECKSUM_HEX = 12;

    private ModelsSupport() {}

    /** The models topic read whole; a broker or registry failure is {@link ModelsFailure#unavailable}. */
    static ModelHistory history(Settings s) {
        try {
            return ModelHistory.read(s.clients(), s.topic(), s.validator(), s.pins(), s.timeout());
        } catch (IllegalStateException e) {
            throw ModelsFailure.unavailable(e.getMessage(), e);
        }
    }

    /**
     * Version {@code version} of {@code name} from {@code history}, or a failure saying which versions the topic
     * still holds and how to publish a compacted-away version again from its file.
     */
    static ModelVersion requireVersion(ModelHistory history, String name, long version) {
        return history.version(name, version)
                .orElseThrow(() -> ModelsFailure.badInput(notInTopic(
                        history,
                        name,
                        "version " + version + " of model '" + name + "' is not in " + history.topic())));
    }

    /**
     * The version the streams app serves when nothing is pinned: the accepted version with the highest number, the
     * one a rollback goes back from.
     */
    static Optional<ModelVersion> newestAccepted(ModelHistory history, String name) {
        return history.versions(name).stream()
                .filter(ModelVersion::accepted)
                .max(Comparator.comparingLong(ModelVersion::version));
    }

    /** {@code v} if its parameters pass the app's validation, else a failure saying why it cannot be {@code what}. */
    static ModelVersion requireUsable(ModelVersion v, String what) {
        if (v.model().isEmpty()) {
            throw ModelsFailure.badInput(v.label() + " cannot be " + what + ": the streams app refuses it ["
                    + v.refusal().map(r -> r.reason() + "]: " + r.message()).orElse("]"));
        }
        return v;
    }

    /**
     * {@code message} followed by what the topic holds of {@code name} (nothing, or which versions) and how to serve a
     * version that compaction removed: publish its model file again.
     */
    static String notInTopic(ModelHistory history, String name, String message) {
        List<ModelVersion> versions = history.versions(name);
        if (!history.topicExists()) {
            return message + ": the topic does not exist (no version was ever published there; check "
                    + "tempora.models.topic and the broker)";
        }
        String held = versions.isEmpty()
                ? "it holds no version of '" + name + "'" + namesHint(history)
                : "it holds versions "
                        + versions.stream()
                                .map(v -> Long.toString(v.version()))
                                .distinct()
                                .collect(Collectors.joining(", "));
        return message + " (" + held + "). Versions older than the topic's min.compaction.lag.ms ("
                + Topics.MODEL_HISTORY_RETENTION.toDays() + " days as Topics defines it) may have been compacted away; "
                + "to serve such a version again, publish its model file as the newest version: "
                + "./tempora models publish --model FILE --name " + name;
    }

    private static String namesHint(ModelHistory history) {
        return history.names().isEmpty() ? "" : "; it holds models " + history.names();
    }

    /** The signer of the base64 PKCS#8 Ed25519 private key in {@code file}, if a file is given. */
    static Optional<ModelSigner> signer(Path file) {
        if (file == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ModelSigner.fromBase64Pkcs8(Files.readString(file, StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw ModelsFailure.badInput("cannot read the signing key " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ModelsFailure.badInput("--signing-key " + file + ": " + e.getMessage());
        }
    }

    /**
     * Publishes through a {@link VersionPublisher} what {@code action} builds, creating the models topic first (by
     * {@link Topics#modelParameters}) when it does not exist, and prints one line saying what was published.
     */
    static VersionPublisher.Published publish(Settings s, ModelHistory history, PrintWriter out, PublishAction action) {
        if (!history.topicExists()) {
            createTopic(s, out);
        }
        VersionPublisher.Published p;
        try (ModelPublisher publisher = new ModelPublisher(s.clients(), s.topic())) {
            p = action.publish(new VersionPublisher(publisher, s.validator(), s.timeout()), Instant.now());
        } catch (ModelRefusedException e) {
            throw ModelsFailure.badInput("not published, the streams app would refuse it [" + e.reason() + "]: "
                    + e.getMessage()
                    + (e.reason() == ModelRefusedException.Reason.UNSIGNED
                            ? " (give --signing-key FILE with the private key of tempora.model.verification.key)"
                            : ""));
        } catch (IllegalArgumentException e) {
            throw ModelsFailure.badInput("not published: " + e.getMessage());
        } catch (IllegalStateException e) {
            throw ModelsFailure.unavailable(
                    e.getMessage() + "; run ./tempora models list to see whether it was written", e);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw ModelsFailure.unavailable("not published: " + e.getMessage(), e);
        }
        Long parent = p.record().getParentVersion();
        out.printf(
                "published %s@%d (parent %s, checksum %s, %s) to %s-%d@%d%n",
                p.record().getModelName(),
                p.record().getVersion(),
                parent == null ? "none" : parent.toString(),
                shortChecksum(p.record().getChecksum()),
                p.record().getSignature() == null ? "unsigned" : "signed",
                p.metadata().topic(),
                p.metadata().partition(),
                p.metadata().offset());
        history.pinned(p.record().getModelName())
                .ifPresent(pin -> out.printf(
                        "note: version %d is pinned (tempora.model.pinned.version): the streams app serves it, not "
                                + "the new version, until the pin is removed%n",
                        pin));
        out.flush();
        return p;
    }

    /** Builds and publishes one version. */
    @FunctionalInterface
    interface PublishAction {
        VersionPublisher.Published publish(VersionPublisher publisher, Instant now);
    }

    /** {@code sha256:0123456789ab}: the algorithm and the first {@link #SHORT_CHECKSUM_HEX} hex digits. */
    static String shortChecksum(String checksum) {
        if (!checksum.startsWith(TensorChecksum.PREFIX)) {
            return checksum;
        }
        int end = Math.min(checksum.length(), TensorChecksum.PREFIX.length() + SHORT_CHECKSUM_HEX);
        return checksum.substring(0, end);
    }

    private static void createTopic(Settings s, PrintWriter out) {
        Map<String, Object> adminConfig = new HashMap<>();
        s.clients().forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                adminConfig.put(k, v);
            }
        });
        try (Admin admin = Admin.create(adminConfig)) {
            admin.createTopics(List.of(Topics.modelParameters(s.topic(), Optional.empty())))
                    .all()
                    .get(s.timeout().toMillis(), TimeUnit.MILLISECONDS);
            out.printf(
                    "created topic %s (1 partition, compacted, every version kept at least %d days)%n",
                    s.topic(), Topics.MODEL_HISTORY_RETENTION.toDays());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw ModelsFailure.unavailable(
                        "could not create the models topic " + s.topic() + ": "
                                + e.getCause().getMessage(),
                        e.getCause());
            }
        } catch (TimeoutException e) {
            throw ModelsFailure.unavailable(
                    "the broker did not create the models topic " + s.topic() + " within " + s.timeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ModelsFailure.unavailable("interrupted while creating the models topic " + s.topic(), e);
        }
    }
}
