package io.tempora.streams.model;

import io.tempora.data.TypeVocabulary;
import io.tempora.model.EventModel;
import io.tempora.model.FeatureStatistics;
import io.tempora.model.ModelArchitecture;
import io.tempora.schemas.ModelParameters;
import io.tempora.schemas.Tensor;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/** Small models and records for the model tests, and ways to tamper with a record. */
final class TestModels {

    /** D=4, H=6, E=3, K=2 types, F=1 feature: small, but every tensor kind is there. */
    static final ModelArchitecture ARCHITECTURE = new ModelArchitecture(4, 6, 3, 2, 1);
    /** One model time unit: one second of the app's milliseconds. */
    static final double TIME_UNIT_MILLIS = 1000.0;

    static final Instant CREATED = Instant.parse("2026-12-02T06:00:00Z");

    private TestModels() {}

    /** A model with random (seeded) parameters, two types and one feature. */
    static EventModel model(long seed) {
        return EventModel.create(
                ARCHITECTURE,
                TIME_UNIT_MILLIS,
                TypeVocabulary.of("click", "buy"),
                new FeatureStatistics(List.of("amount"), new double[] {12.5}, new double[] {4.0}),
                "local",
                seed);
    }

    /** Version {@code version} of {@code name}, parameters from {@code seed}, signed when {@code signer} is given. */
    static ModelParameters record(String name, long version, long seed, Optional<ModelSigner> signer) {
        return ModelParametersMapper.toAvro(
                model(seed),
                name,
                version,
                version > 1 ? OptionalLong.of(version - 1) : OptionalLong.empty(),
                CREATED,
                Map.of("validation.logLikelihoodPerEvent", -1.5),
                signer);
    }

    static ModelParameters record(String name, long version) {
        return record(name, version, version, Optional.empty());
    }

    /** A fresh Ed25519 key pair. */
    static KeyPair keyPair() {
        try {
            return KeyPairGenerator.getInstance(ModelSigner.ALGORITHM).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A deep copy of {@code record} with {@code change} applied to it (checksum and signature untouched). */
    static ModelParameters tampered(ModelParameters record, UnaryOperator<ModelParameters.Builder> change) {
        return change.apply(ModelParameters.newBuilder(record)).build();
    }

    /** {@code record} with its tensor {@code index} replaced by {@code change}'s result. */
    static ModelParameters withTensor(ModelParameters record, int index, UnaryOperator<Tensor.Builder> change) {
        return tampered(record, b -> {
            List<Tensor> tensors = new ArrayList<>(b.getTensors());
            tensors.set(
                    index, change.apply(Tensor.newBuilder(tensors.get(index))).build());
            return b.setTensors(tensors);
        });
    }

    /** {@code data} with element {@code element} (little-endian float64) set to {@code value}. */
    static ByteBuffer withElement(ByteBuffer data, int element, double value) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data.duplicate()).flip();
        copy.order(java.nio.ByteOrder.LITTLE_ENDIAN).putDouble(element * Double.BYTES, value);
        return copy;
    }

    /** {@code record} with its checksum recomputed over its (tampered) tensors and re-signed if a signer is given. */
    static ModelParameters resealed(ModelParameters record, Optional<ModelSigner> signer) {
        String checksum = TensorChecksum.of(record.getTensors());
        return tampered(record, b -> b.setChecksum(checksum)
                .setSignature(signer.map(s -> ByteBuffer.wrap(s.sign(checksum))).orElse(null)));
    }
}
