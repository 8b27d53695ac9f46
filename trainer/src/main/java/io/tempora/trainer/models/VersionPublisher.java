package io.tempora.trainer.models;

import io.tempora.model.EventModel;
import io.tempora.schemas.ModelParameters;
import io.tempora.streams.model.ModelParametersMapper;
import io.tempora.streams.model.ModelPublisher;
import io.tempora.streams.model.ModelRefusedException;
import io.tempora.streams.model.ModelSigner;
import io.tempora.streams.model.ModelValidator;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes a new version of a model to the models topic as the newest version plus one, so that the streams app, which
 * accepts only increasing numbers, serves it (unless a version is pinned).
 *
 * <p>Never a half-written model: the record is built whole and passes the app's {@link ModelValidator} (checksum,
 * signature when the app requires one, family, shapes, finite values) before it is produced; a Kafka record is
 * written whole or not at all, and the {@link ModelPublisher} is idempotent with {@code acks=all}. A failure before
 * the produce leaves the topic as it was.
 *
 * <p>Two writers publishing at once may both pick the same number; the app accepts the first and refuses the second
 * ({@code NOT_NEWER}), which {@code ./tempora models list} then shows. One writer per model name is assumed.
 */
public final class VersionPublisher {

    private final ModelPublisher publisher;
    private final ModelValidator validator;
    private final Duration timeout;

    /**
     * Publishes through {@code publisher}, checking every record with {@code validator} (the app's checks, with its
     * verification key if it has one) and waiting up to {@code timeout} for the broker's acknowledgement.
     */
    public VersionPublisher(ModelPublisher publisher, ModelValidator validator, Duration timeout) {
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** What was published and where. */
    public record Published(ModelParameters record, RecordMetadata metadata) {}

    /**
     * Publishes {@code model} as the next version of {@code name}, with the newest version in {@code history} as its
     * parent.
     *
     * @param metrics its training metrics by name (may be empty)
     * @param signer  signs the checksum when present
     * @throws ModelRefusedException if the record would not pass the app's validation (nothing is produced)
     * @throws IllegalStateException if the produce fails or is not acknowledged in time
     */
    public Published publishNew(
            ModelHistory history,
            String name,
            EventModel model,
            Map<String, Double> metrics,
            Optional<ModelSigner> signer,
            Instant createdAt) {
        OptionalLong parent =
                history.newest(name).map(v -> OptionalLong.of(v.version())).orElse(OptionalLong.empty());
        return publishNew(history, name, model, parent, metrics, signer, createdAt);
    }

    /**
     * Publishes {@code model} as the next version of {@code name} with the parent its maker names: the training
     * service names the version it warm-started from, or none after a cold start.
     *
     * @param parent the version {@code model} was made from, if any
     * @throws ModelRefusedException if the record would not pass the app's validation (nothing is produced)
     * @throws IllegalStateException if the produce fails or is not acknowledged in time
     */
    public Published publishNew(
            ModelHistory history,
            String name,
            EventModel model,
            OptionalLong parent,
            Map<String, Double> metrics,
            Optional<ModelSigner> signer,
            Instant createdAt) {
        ModelParameters record = ModelParametersMapper.toAvro(
                model, name, nextVersion(history, name), parent, createdAt, metrics, signer);
        return produce(name, record);
    }

    /**
     * Publishes the parameters of {@code source} again as the next version of its model, with {@code source} as the
     * parent: a promotion or a rollback. The tensors, architecture, vocabulary, metrics and checksum are the
     * source's; the signature is {@code signer}'s when given, else the source's own (it signs the checksum, which
     * is unchanged, so it still verifies).
     *
     * @throws IllegalArgumentException if {@code source} did not pass validation (its parameters are unusable)
     * @throws ModelRefusedException    if the new record would not pass the app's validation (nothing is produced)
     * @throws IllegalStateException    if the produce fails or is not acknowledged in time
     */
    public Published republish(
            ModelHistory history, ModelVersion source, Optional<ModelSigner> signer, Instant createdAt) {
        if (source.model().isEmpty()) {
            throw new IllegalArgumentException(source.label() + " cannot be published again: the streams app refuses "
                    + "its parameters ("
                    + source.refusal().map(r -> r.reason() + ": " + r.message()).orElse("?")
                    + ")");
        }
        ModelParameters.Builder b = ModelParameters.newBuilder(source.record())
                .setVersion(nextVersion(history, source.name()))
                .setParentVersion(source.version())
                .setCreatedAt(createdAt);
        signer.ifPresent(s -> b.setSignature(ByteBuffer.wrap(s.sign(source.checksum()))));
        return produce(source.name(), b.build());
    }

    /** The number the next version of {@code name} gets: one above the highest number the topic holds, or 1. */
    public static long nextVersion(ModelHistory history, String name) {
        return history.newest(name).map(v -> v.version() + 1).orElse(1L);
    }

    private Published produce(String name, ModelParameters record) {
        // Validated as the app will validate it, keyed as it will be keyed: a record the app would refuse is not sent.
        validator.validate(name, record);
        return new Published(record, publisher.publish(record, timeout));
    }
}
