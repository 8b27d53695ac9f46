package io.tempora.streams.model;

import static io.tempora.streams.model.TestModels.resealed;
import static io.tempora.streams.model.TestModels.tampered;
import static io.tempora.streams.model.TestModels.withElement;
import static io.tempora.streams.model.TestModels.withTensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tempora.schemas.ModelParameters;
import io.tempora.schemas.Tensor;
import io.tempora.streams.model.ModelRefusedException.Reason;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Each refusal reason from a real record, tampered the way that reason describes. */
class ModelValidatorTest {

    private static final String NAME = "churn";

    private final ModelValidator unsigned = new ModelValidator(Optional.empty());
    private final ModelParameters valid = TestModels.record(NAME, 4);

    @Test
    void aValidRecordServesAsNameAtVersion() {
        ServingModel model = unsigned.validate(NAME, valid);
        assertThat(model.name()).isEqualTo(NAME);
        assertThat(model.version()).isEqualTo(4);
        assertThat(model.label()).isEqualTo("churn@4");
        assertThat(model.model().version()).isEqualTo("churn@4");
        assertThat(model.checksum()).isEqualTo(valid.getChecksum());
        assertThat(model.parentVersion()).hasValue(3);
        assertThat(model.signed()).isFalse();
        assertThat(model.model().parameters().values())
                .containsExactly(TestModels.model(4).parameters().values());
    }

    @Test
    void aRecordUnderAnotherKeyIsRefused() {
        assertRefused(unsigned, "fraud", valid, Reason.KEY_MISMATCH)
                .hasMessageContaining("'fraud'")
                .hasMessageContaining("'churn'");
        assertRefused(unsigned, null, valid, Reason.KEY_MISMATCH).hasMessageContaining("absent");
    }

    @Test
    void alteredTensorBytesBreakTheChecksum() {
        ModelParameters corrupt = withTensor(valid, 2, t -> t.setData(withElement(t.getData(), 0, 0.125)));
        assertRefused(unsigned, NAME, corrupt, Reason.CHECKSUM_MISMATCH)
                .hasMessageContaining("states " + valid.getChecksum());
    }

    @Test
    void aRenamedTensorBreaksTheChecksum() {
        ModelParameters corrupt = withTensor(valid, 0, t -> t.setName("dynamics.renamed"));
        assertRefused(unsigned, NAME, corrupt, Reason.CHECKSUM_MISMATCH);
    }

    @Test
    void aChecksumOfAnotherAlgorithmIsRefused() {
        ModelParameters md5 = tampered(valid, b -> b.setChecksum("md5:" + "0".repeat(32)));
        assertRefused(unsigned, NAME, md5, Reason.CHECKSUM_MISMATCH).hasMessageContaining("'md5:");
    }

    @Test
    void aNonFiniteElementIsRefusedWithItsTensorAndIndex() {
        ModelParameters record = valid;
        int tensor = indexOf(record, "jump.ih.weight");
        Tensor t = record.getTensors().get(tensor);
        int cols = t.getShape().get(1);
        int element = 2 * cols + 1;
        ModelParameters nan = resealed(
                withTensor(record, tensor, b -> b.setData(withElement(b.getData(), element, Double.NaN))),
                Optional.empty());
        assertRefused(unsigned, NAME, nan, Reason.NON_FINITE_VALUE)
                .hasMessageContaining("'jump.ih.weight'")
                .hasMessageContaining("[2, 1]")
                .hasMessageContaining("flat index " + element)
                .hasMessageContaining("NaN");

        ModelParameters inf = resealed(
                withTensor(record, 0, b -> b.setData(withElement(b.getData(), 0, Double.NEGATIVE_INFINITY))),
                Optional.empty());
        assertRefused(unsigned, NAME, inf, Reason.NON_FINITE_VALUE).hasMessageContaining("-Infinity");
    }

    @Test
    void aTensorOfAnotherShapeIsRefused() {
        // Same element count, other shape: only the shape check can see it.
        Tensor t = valid.getTensors().get(0);
        List<Integer> transposed = List.of(t.getShape().get(1), t.getShape().get(0));
        ModelParameters wrong = resealed(withTensor(valid, 0, b -> b.setShape(transposed)), Optional.empty());
        assertRefused(unsigned, NAME, wrong, Reason.SHAPE_MISMATCH)
                .hasMessageContaining("'" + t.getName() + "'")
                .hasMessageContaining("has shape " + transposed);
    }

    @Test
    void truncatedTensorDataIsRefused() {
        ModelParameters cut = resealed(
                withTensor(valid, 1, b -> {
                    ByteBuffer data = b.getData().duplicate();
                    data.limit(data.limit() - Double.BYTES);
                    return b.setData(data);
                }),
                Optional.empty());
        assertRefused(unsigned, NAME, cut, Reason.SHAPE_MISMATCH).hasMessageContaining("data bytes");
    }

    @Test
    void aMissingOrExtraOrRepeatedTensorIsRefused() {
        ModelParameters missing = resealed(
                tampered(valid, b -> {
                    List<Tensor> tensors = new ArrayList<>(b.getTensors());
                    tensors.remove(tensors.size() - 1);
                    return b.setTensors(tensors);
                }),
                Optional.empty());
        String last = valid.getTensors().get(valid.getTensors().size() - 1).getName();
        assertRefused(unsigned, NAME, missing, Reason.SHAPE_MISMATCH)
                .hasMessageContaining("'" + last + "'")
                .hasMessageContaining("missing");

        ModelParameters extra = resealed(
                tampered(valid, b -> {
                    List<Tensor> tensors = new ArrayList<>(b.getTensors());
                    tensors.add(Tensor.newBuilder(tensors.get(0))
                            .setName("attention.weight")
                            .build());
                    return b.setTensors(tensors);
                }),
                Optional.empty());
        assertRefused(unsigned, NAME, extra, Reason.SHAPE_MISMATCH).hasMessageContaining("attention.weight");

        ModelParameters repeated = resealed(
                tampered(valid, b -> {
                    List<Tensor> tensors = new ArrayList<>(b.getTensors());
                    tensors.add(tensors.get(0));
                    return b.setTensors(tensors);
                }),
                Optional.empty());
        assertRefused(unsigned, NAME, repeated, Reason.SHAPE_MISMATCH).hasMessageContaining("more than once");
    }

    @Test
    void architectureDimensionsThatDisagreeWithTheTensorsAreRefused() {
        ModelParameters wider = tampered(valid, b -> {
            b.getArchitecture().setHiddenDim(b.getArchitecture().getHiddenDim() + 1);
            return b;
        });
        assertRefused(unsigned, NAME, wider, Reason.SHAPE_MISMATCH);
    }

    @Test
    void anotherFamilyOrVariantIsRefused() {
        ModelParameters family = tampered(valid, b -> {
            b.getArchitecture().setFamily("transformer-hawkes");
            return b;
        });
        assertRefused(unsigned, NAME, family, Reason.WRONG_FAMILY).hasMessageContaining("'transformer-hawkes'");

        ModelParameters relu = tampered(valid, b -> {
            Map<String, String> settings = new HashMap<>(b.getArchitecture().getSettings());
            settings.put(ModelParametersMapper.SETTING_ACTIVATION, "relu");
            b.getArchitecture().setSettings(settings);
            return b;
        });
        assertRefused(unsigned, NAME, relu, Reason.WRONG_FAMILY).hasMessageContaining("dynamics.activation='relu'");

        ModelParameters unknownSetting = tampered(valid, b -> {
            Map<String, String> settings = new HashMap<>(b.getArchitecture().getSettings());
            settings.put("notes", "readers ignore names they do not know");
            b.getArchitecture().setSettings(settings);
            return b;
        });
        assertThat(unsigned.validate(NAME, unknownSetting).version()).isEqualTo(4);
    }

    @Test
    void unusableMetadataIsRefused() {
        assertRefused(unsigned, NAME, tampered(valid, b -> b.setTimeUnitMillis(0.0)), Reason.INVALID_METADATA)
                .hasMessageContaining("time unit");
        assertRefused(
                        unsigned,
                        NAME,
                        tampered(valid, b -> b.setTypeVocabulary(List.of("click", "click"))),
                        Reason.INVALID_METADATA)
                .hasMessageContaining("'click'");
        assertRefused(
                        unsigned,
                        NAME,
                        tampered(valid, b -> {
                            b.getFeatureStatistics().get(0).setStandardDeviation(-1.0);
                            return b;
                        }),
                        Reason.INVALID_METADATA)
                .hasMessageContaining("'amount'");
    }

    @Test
    void aSignedRecordVerifiesWithTheMatchingKey() {
        KeyPair keys = TestModels.keyPair();
        ModelValidator validator = new ModelValidator(Optional.of(new SignatureVerifier(keys.getPublic())));
        ModelParameters signed = TestModels.record(NAME, 4, 4, Optional.of(new ModelSigner(keys.getPrivate())));

        ServingModel model = validator.validate(NAME, signed);

        assertThat(model.signed()).isTrue();
        assertThat(validator.requiresSignature()).isTrue();
        assertThat(unsigned.validate(NAME, signed).signed())
                .as("without a key, signatures are not checked")
                .isFalse();
    }

    @Test
    void keysReadFromBase64VerifyWhatTheirPairSigned() throws Exception {
        KeyPair keys = TestModels.keyPair();
        ModelSigner signer = ModelSigner.fromBase64Pkcs8(
                Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()));
        SignatureVerifier verifier = SignatureVerifier.fromBase64X509(
                Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()) + "\n");
        ModelParameters signed = TestModels.record(NAME, 4, 4, Optional.of(signer));
        assertThat(new ModelValidator(Optional.of(verifier))
                        .validate(NAME, signed)
                        .signed())
                .isTrue();

        assertThatThrownBy(() -> SignatureVerifier.fromBase64X509("bm90IGEga2V5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("X.509 Ed25519 public key");
        KeyPair ed448 = java.security.KeyPairGenerator.getInstance("Ed448").generateKeyPair();
        assertThatThrownBy(() -> new SignatureVerifier(ed448.getPublic()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the key is Ed448");
        assertThatThrownBy(() -> ModelSigner.fromBase64Pkcs8("%%%"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PKCS#8 Ed25519 private key");
    }

    @Test
    void aRecordSignedByAnotherKeyIsRefused() {
        KeyPair trusted = TestModels.keyPair();
        KeyPair other = TestModels.keyPair();
        ModelValidator validator = new ModelValidator(Optional.of(new SignatureVerifier(trusted.getPublic())));
        ModelParameters signed = TestModels.record(NAME, 4, 4, Optional.of(new ModelSigner(other.getPrivate())));
        assertRefused(validator, NAME, signed, Reason.BAD_SIGNATURE).hasMessageContaining("does not verify");
    }

    @Test
    void anUnsignedRecordIsRefusedWhenAKeyIsConfigured() {
        ModelValidator validator = new ModelValidator(
                Optional.of(new SignatureVerifier(TestModels.keyPair().getPublic())));
        assertRefused(validator, NAME, valid, Reason.UNSIGNED);
    }

    @Test
    void tensorsAlteredWithARecomputedChecksumFailTheSignature() {
        KeyPair keys = TestModels.keyPair();
        ModelValidator validator = new ModelValidator(Optional.of(new SignatureVerifier(keys.getPublic())));
        ModelParameters signed = TestModels.record(NAME, 4, 4, Optional.of(new ModelSigner(keys.getPrivate())));
        // The attacker changes a weight and fixes the checksum, but cannot sign the new checksum.
        ModelParameters forged = withTensor(signed, 0, t -> t.setData(withElement(t.getData(), 0, 42.0)));
        String checksum = TensorChecksum.of(forged.getTensors());
        ModelParameters resealedWithOldSignature = tampered(forged, b -> b.setChecksum(checksum));
        assertRefused(validator, NAME, resealedWithOldSignature, Reason.BAD_SIGNATURE);

        ModelParameters flippedSignature = tampered(signed, b -> {
            byte[] sig = new byte[b.getSignature().remaining()];
            b.getSignature().duplicate().get(sig);
            sig[10] ^= 1;
            return b.setSignature(ByteBuffer.wrap(sig));
        });
        assertRefused(validator, NAME, flippedSignature, Reason.BAD_SIGNATURE);

        ModelParameters shortSignature = tampered(signed, b -> b.setSignature(ByteBuffer.wrap(new byte[] {1, 2, 3})));
        assertRefused(validator, NAME, shortSignature, Reason.BAD_SIGNATURE).hasMessageContaining("3-byte");
    }

    private static int indexOf(ModelParameters record, String tensor) {
        for (int i = 0; i < record.getTensors().size(); i++) {
            if (record.getTensors().get(i).getName().equals(tensor)) {
                return i;
            }
        }
        throw new AssertionError("no tensor " + tensor + " in "
                + record.getTensors().stream().map(Tensor::getName).toList());
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
            ModelValidator validator, String key, ModelParameters record, Reason reason) {
        return assertThatThrownBy(() -> validator.validate(key, record))
                .isInstanceOfSatisfying(
                        ModelRefusedException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining("churn@4");
    }
}
