package io.tempora.streams.model;

import io.tempora.model.EventModel;
import io.tempora.schemas.ModelParameters;
import io.tempora.streams.model.ModelRefusedException.Reason;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decides whether a decoded {@code ModelParameters} record may serve, and builds the model if so. Checks, in order
 * (the first failure is the refusal's reason):
 * <ol>
 *   <li>the Kafka record key equals {@code modelName} ({@link Reason#KEY_MISMATCH});</li>
 *   <li>the checksum has the form {@code sha256:hex} and equals the one recomputed over the tensors
 *       ({@link Reason#CHECKSUM_MISMATCH});</li>
 *   <li>when a verification key is configured: there is a signature ({@link Reason#UNSIGNED}) and it verifies over
 *       the checksum ({@link Reason#BAD_SIGNATURE}); without a key, signatures are not looked at;</li>
 *   <li>family, metadata, tensor names and shapes, finite values ({@link ModelParametersMapper#fromAvro}).</li>
 * </ol>
 * Integrity and authenticity come first, so that nothing of an unverified record is interpreted. Whether the version
 * is newer than the ones already accepted is the {@link ModelCatalog}'s decision.
 *
 * <p>Stateless apart from its key; thread-safe.
 */
public final class ModelValidator {

    private final Optional<SignatureVerifier> verifier;

    /** A validator that requires signatures by {@code verifier}'s key when present, and ignores them otherwise. */
    public ModelValidator(Optional<SignatureVerifier> verifier) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /** Whether signatures are required. */
    public boolean requiresSignature() {
        return verifier.isPresent();
    }

    /**
     * The serving form of {@code record}, read from a record keyed {@code recordKey}.
     *
     * @throws ModelRefusedException with the reason of the first check that fails (see the class comment)
     */
    public ServingModel validate(String recordKey, ModelParameters record) {
        String name = record.getModelName();
        String where = ServingModel.label(name, record.getVersion());
        if (!name.equals(recordKey)) {
            throw new ModelRefusedException(
                    Reason.KEY_MISMATCH,
                    where + ": the record key is "
                            + (recordKey == null ? "absent" : "'" + recordKey + "'") + " but the model name is '" + name
                            + "'; model-parameters is keyed by model name (compaction keeps the newest record per key)");
        }
        String stored = record.getChecksum();
        if (!stored.startsWith(TensorChecksum.PREFIX)) {
            throw new ModelRefusedException(
                    Reason.CHECKSUM_MISMATCH,
                    where + ": checksum '" + stored
                            + "' is not of the form " + TensorChecksum.PREFIX + "<hex>; this build checks only "
                            + TensorChecksum.ALGORITHM);
        }
        String computed = TensorChecksum.of(record.getTensors());
        if (!computed.equals(stored)) {
            throw new ModelRefusedException(
                    Reason.CHECKSUM_MISMATCH,
                    where + ": the tensors' checksum is " + computed + " but the record states " + stored
                            + "; the tensors or the checksum were altered");
        }
        if (verifier.isPresent()) {
            ByteBuffer signature = record.getSignature();
            if (signature == null) {
                throw new ModelRefusedException(
                        Reason.UNSIGNED,
                        where + ": unsigned, but this application requires " + "versions signed by its configured key");
            }
            byte[] bytes = new byte[signature.remaining()];
            signature.duplicate().get(bytes);
            if (!verifier.get().verifies(stored, bytes)) {
                throw new ModelRefusedException(
                        Reason.BAD_SIGNATURE,
                        where + ": the " + bytes.length
                                + "-byte signature does not verify over checksum " + stored + " with the configured "
                                + ModelSigner.ALGORITHM + " key (signed by another key, or altered)");
            }
        }
        EventModel model = ModelParametersMapper.fromAvro(record);
        Long parent = record.getParentVersion();
        return new ServingModel(
                name,
                record.getVersion(),
                model,
                stored,
                record.getCreatedAt(),
                parent == null ? OptionalLong.empty() : OptionalLong.of(parent),
                verifier.isPresent());
    }
}
