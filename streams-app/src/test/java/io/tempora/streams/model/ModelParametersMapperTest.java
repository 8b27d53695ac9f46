package io.tempora.streams.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.model.EntityState;
import io.tempora.model.EventModel;
import io.tempora.model.PredictionBuffer;
import io.tempora.model.StreamingScorer;
import io.tempora.nn.Parameter;
import io.tempora.schemas.ModelParameters;
import io.tempora.schemas.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ModelParametersMapperTest {

    /** Event times (ms), types and the one feature of a short history. */
    private static final double[] TIMES = {250, 1_300, 1_310, 4_800, 9_000};

    private static final int[] TYPES = {0, 1, 1, 0, 1};
    private static final double[] AMOUNTS = {10, 20.5, 3, 12, 14};
    private static final double[] HORIZONS = {500, 5_000};

    @Test
    void aModelThroughAvroBinaryAndBackHasTheSameParametersAndMetadata() throws IOException {
        EventModel model = TestModels.model(7);
        ModelParameters record = ModelParametersMapper.toAvro(
                model,
                "churn",
                7,
                OptionalLong.of(6),
                TestModels.CREATED,
                Map.of("train.events", 1e4),
                Optional.empty());
        ModelParameters decoded = ModelParameters.fromByteBuffer(record.toByteBuffer());

        EventModel back = ModelParametersMapper.fromAvro(decoded);

        assertThat(back.parameters().values())
                .containsExactly(model.parameters().values());
        assertThat(back.parameters().sameLayout(model.parameters())).isTrue();
        assertThat(back.architecture()).isEqualTo(model.architecture());
        assertThat(back.timeUnit()).isEqualTo(model.timeUnit());
        assertThat(back.types()).isEqualTo(model.types());
        assertThat(back.features()).isEqualTo(model.features());
        assertThat(back.version()).isEqualTo("churn@7");
    }

    @Test
    void theModelReadBackScoresAndPredictsExactlyAsTheOriginal() throws IOException {
        EventModel model = TestModels.model(11);
        EventModel back = ModelParametersMapper.fromAvro(ModelParameters.fromByteBuffer(
                TestModels.record("churn", 3, 11, Optional.empty()).toByteBuffer()));
        StreamingScorer original = new StreamingScorer(model);
        StreamingScorer restored = new StreamingScorer(back);
        EntityState a = original.newState(0);
        EntityState b = restored.newState(0);
        PredictionBuffer pa = original.newPredictionBuffer(HORIZONS.length);
        PredictionBuffer pb = restored.newPredictionBuffer(HORIZONS.length);
        for (int i = 0; i < TIMES.length; i++) {
            double llA = original.observe(a, TIMES[i], TYPES[i], new double[] {AMOUNTS[i]});
            double llB = restored.observe(b, TIMES[i], TYPES[i], new double[] {AMOUNTS[i]});
            assertThat(llA).isFinite();
            assertThat(llB).as("log-likelihood of event %d", i).isEqualTo(llA);
            original.predict(a, TIMES[i], HORIZONS, pa);
            restored.predict(b, TIMES[i], HORIZONS, pb);
            for (int h = 0; h < HORIZONS.length; h++) {
                assertThat(pb.probabilityWithin(h)).isEqualTo(pa.probabilityWithin(h));
            }
            for (int q = 0; q < pa.quantileCount(); q++) {
                assertThat(pb.quantile(q)).isEqualTo(pa.quantile(q));
            }
            assertThat(pb.expectedTimeToNext()).isEqualTo(pa.expectedTimeToNext());
            assertThat(pb.predictedFeature(0)).isEqualTo(pa.predictedFeature(0));
        }
        assertThat(b.latent()).containsExactly(a.latent());
    }

    @Test
    void fieldsFollowTheSchemaDocs() {
        EventModel model = TestModels.model(5);
        ModelParameters record = ModelParametersMapper.toAvro(
                model,
                "churn",
                9,
                OptionalLong.of(8),
                TestModels.CREATED,
                Map.of("train.events", 1e4),
                Optional.empty());

        assertThat(record.getModelName()).isEqualTo("churn");
        assertThat(record.getVersion()).isEqualTo(9);
        assertThat(record.getParentVersion()).isEqualTo(8L);
        assertThat(record.getCreatedAt()).isEqualTo(TestModels.CREATED);
        assertThat(record.getArchitecture().getFamily()).isEqualTo("latent-ode-gru");
        assertThat(record.getArchitecture().getLatentDim()).isEqualTo(4);
        assertThat(record.getArchitecture().getHiddenDim()).isEqualTo(6);
        assertThat(record.getArchitecture().getTypeEmbeddingDim()).isEqualTo(3);
        assertThat(record.getArchitecture().getSettings()).containsAllEntriesOf(ModelParametersMapper.SETTINGS);
        assertThat(record.getTimeUnitMillis()).isEqualTo(1000.0);
        assertThat(record.getTypeVocabulary()).containsExactly("click", "buy");
        assertThat(record.getFeatureStatistics()).hasSize(1);
        assertThat(record.getFeatureStatistics().get(0).getName()).isEqualTo("amount");
        assertThat(record.getFeatureStatistics().get(0).getMean()).isEqualTo(12.5);
        assertThat(record.getFeatureStatistics().get(0).getStandardDeviation()).isEqualTo(4.0);
        assertThat(record.getTrainingMetrics()).containsEntry("train.events", 1e4);
        assertThat(record.getSignature()).isNull();
        assertThat(record.getTensors())
                .extracting(Tensor::getName)
                .containsExactlyElementsOf(model.parameters().parameters().stream()
                        .map(Parameter::name)
                        .toList());
    }

    @Test
    void tensorDataIsEachParameterSliceAsLittleEndianFloat64InRowMajorOrder() {
        EventModel model = TestModels.model(5);
        ModelParameters record = TestModels.record("churn", 1, 5, Optional.empty());
        double[] values = model.parameters().values();
        List<Parameter> parameters = model.parameters().parameters();
        for (int t = 0; t < parameters.size(); t++) {
            Parameter p = parameters.get(t);
            Tensor tensor = record.getTensors().get(t);
            assertThat(tensor.getShape())
                    .containsExactly(java.util.Arrays.stream(p.shape()).boxed().toArray(Integer[]::new));
            byte[] bytes = new byte[tensor.getData().remaining()];
            tensor.getData().duplicate().get(bytes);
            assertThat(bytes).hasSize(p.size() * 8);
            for (int i = 0; i < p.size(); i++) {
                long bits = 0;
                for (int b = 7; b >= 0; b--) {
                    bits = (bits << 8) | (bytes[8 * i + b] & 0xff);
                }
                assertThat(Double.longBitsToDouble(bits))
                        .as("%s element %d", p.name(), i)
                        .isEqualTo(values[p.offset() + i]);
            }
        }
        // A 2-D weight: element (r, c) is at flat position r * cols + c of its tensor.
        Parameter w = model.jump().inputMap().weight();
        assertThat(w.rank()).isEqualTo(2);
        int r = w.dim(0) - 1;
        int c = 1;
        Tensor tensor = record.getTensors().get(parameters.indexOf(w));
        double element = tensor.getData()
                .duplicate()
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getDouble((r * w.dim(1) + c) * 8);
        assertThat(element).isEqualTo(values[w.offset() + r * w.dim(1) + c]);
    }

    @Test
    void theChecksumIsSha256OverNamesBigEndianShapesAndData() throws Exception {
        ModelParameters record = TestModels.record("churn", 1);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (Tensor t : record.getTensors()) {
            out.write(t.getName().getBytes(StandardCharsets.UTF_8));
            for (int d : t.getShape()) {
                out.writeInt(d);
            }
            ByteBuffer data = t.getData().duplicate();
            byte[] b = new byte[data.remaining()];
            data.get(b);
            out.write(b);
        }
        StringBuilder hex = new StringBuilder("sha256:");
        for (byte b : digest.digest(bytes.toByteArray())) {
            hex.append(String.format("%02x", b));
        }
        assertThat(record.getChecksum()).isEqualTo(hex.toString());
        assertThat(TensorChecksum.of(record.getTensors())).isEqualTo(hex.toString());
    }

    @Test
    void aSignerSignsTheChecksum() {
        var keys = TestModels.keyPair();
        ModelParameters record = TestModels.record("churn", 1, 1, Optional.of(new ModelSigner(keys.getPrivate())));
        byte[] signature = new byte[record.getSignature().remaining()];
        record.getSignature().duplicate().get(signature);
        assertThat(signature).hasSize(64);
        assertThat(new SignatureVerifier(keys.getPublic()).verifies(record.getChecksum(), signature))
                .isTrue();
    }

    @Test
    void rowMajorIndexOfAFlatPosition() {
        assertThat(ModelParametersMapper.index(23, new int[] {6, 4})).containsExactly(5, 3);
        assertThat(ModelParametersMapper.index(5, new int[] {2, 3})).containsExactly(1, 2);
        assertThat(ModelParametersMapper.index(7, new int[] {2, 2, 2})).containsExactly(1, 1, 1);
        assertThat(ModelParametersMapper.index(3, new int[] {9})).containsExactly(3);
    }
}
