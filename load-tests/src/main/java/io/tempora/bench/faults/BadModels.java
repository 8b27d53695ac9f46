package io.tempora.bench.faults;

import io.tempora.schemas.ModelParameters;
import io.tempora.schemas.Tensor;
import io.tempora.streams.model.ModelRefusedException.Reason;
import io.tempora.streams.model.ModelSigner;
import io.tempora.streams.model.TensorChecksum;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Model versions built from a good one, as the streams app's validator tests tamper them: each kind is wrong in one
 * way only (its checksum is recomputed and it is signed with the right key unless the signature is the fault), so
 * that the refusal's reason is the kind's.
 */
final class BadModels {

    /** A kind of bad version and the reason the app refuses it with. */
    enum Kind {
        /** One parameter is NaN. */
        NAN_PARAMETER(Reason.NON_FINITE_VALUE),
        /** One tensor's shape is not the architecture's (its element count unchanged). */
        WRONG_SHAPE(Reason.SHAPE_MISMATCH),
        /** Signed with a key the app does not verify with. */
        BAD_SIGNATURE(Reason.BAD_SIGNATURE),
        /** The record's bytes cut short inside its Avro body. */
        TRUNCATED_BYTES(Reason.UNDECODABLE);

        private final Reason expected;

        Kind(Reason expected) {
            this.expected = expected;
        }

        /** The reason the app gives this kind. */
        Reason expected() {
            return expected;
        }
    }

    private BadModels() {}

    /** {@code good} as version {@code version} (parent: {@code good}'s), resealed and signed by {@code signer}. */
    static ModelParameters asVersion(ModelParameters good, long version, ModelSigner signer) {
        return sealed(
                ModelParameters.newBuilder(good)
                        .setVersion(version)
                        .setParentVersion(good.getVersion())
                        .build(),
                signer);
    }

    /** {@code good} as {@code version} with its first tensor's first element NaN, resealed and signed. */
    static ModelParameters withNan(ModelParameters good, long version, ModelSigner signer) {
        return sealed(withFirstTensor(asVersion(good, version, signer), t -> t.setData(nanFirst(t.getData()))), signer);
    }

    /** {@code good} as {@code version} with its first tensor given an extra leading dimension, resealed and signed. */
    static ModelParameters withWrongShape(ModelParameters good, long version, ModelSigner signer) {
        return sealed(
                withFirstTensor(asVersion(good, version, signer), t -> t.setShape(wrongShape(t.getShape()))), signer);
    }

    /** {@code good} as {@code version}, sealed and signed by {@code otherSigner}. */
    static ModelParameters withBadSignature(ModelParameters good, long version, ModelSigner otherSigner) {
        return asVersion(good, version, otherSigner);
    }

    /** The first half of a serialized record: a valid wire header and part of its Avro body. */
    static byte[] truncated(byte[] serialized) {
        return java.util.Arrays.copyOf(serialized, serialized.length / 2);
    }

    /** {@code record} with its checksum recomputed over its tensors and signed by {@code signer}. */
    static ModelParameters sealed(ModelParameters record, ModelSigner signer) {
        String checksum = TensorChecksum.of(record.getTensors());
        return ModelParameters.newBuilder(record)
                .setChecksum(checksum)
                .setSignature(ByteBuffer.wrap(signer.sign(checksum)))
                .build();
    }

    private static ModelParameters withFirstTensor(ModelParameters record, UnaryOperator<Tensor.Builder> change) {
        List<Tensor> tensors = new ArrayList<>(record.getTensors());
        tensors.set(0, change.apply(Tensor.newBuilder(tensors.get(0))).build());
        return ModelParameters.newBuilder(record).setTensors(tensors).build();
    }

    private static ByteBuffer nanFirst(ByteBuffer data) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data.duplicate()).flip();
        copy.order(ByteOrder.LITTLE_ENDIAN).putDouble(0, Double.NaN);
        return copy;
    }

    /** A shape with the same element count that differs: one more dimension of 1 at the front. */
    private static List<Integer> wrongShape(List<Integer> shape) {
        List<Integer> out = new ArrayList<>();
        out.add(1);
        out.addAll(shape);
        return out;
    }
}
