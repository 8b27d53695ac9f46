package io.tempora.streams.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tempora.data.TypeVocabulary;
import io.tempora.model.EntityState;
import io.tempora.model.EventModel;
import io.tempora.model.FeatureStatistics;
import io.tempora.model.ModelArchitecture;
import io.tempora.model.StreamingScorer;
import io.tempora.model.TypeClasses;
import io.tempora.model.TypeForm;
import io.tempora.schemas.ModelParameters;
import io.tempora.schemas.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** A factored model through the {@code model-parameters} record: its form and type classes travel, signed. */
class TypeFormRecordTest {

    private static final int K = 60;

    private static EventModel factored() {
        int[] classOf = new int[K];
        for (int j = 0; j < K; j++) {
            classOf[j] = (j * 7) % 8; // not the default by-id partition, so that it must travel
        }
        return EventModel.create(
                new ModelArchitecture(4, 6, 3, K, 0, TypeForm.FACTORED),
                1_000,
                TypeVocabulary.numbered(K),
                FeatureStatistics.NONE,
                "local",
                5,
                new TypeClasses(classOf));
    }

    private static ModelParameters record(EventModel m) {
        return ModelParametersMapper.toAvro(
                m, "many", 1, OptionalLong.empty(), TestModels.CREATED, Map.of(), Optional.empty());
    }

    @Test
    void aFactoredModelReadsBackWithItsFormAndClassesAndScoresTheSame() throws IOException {
        EventModel m = factored();
        ModelParameters record = record(m);
        assertThat(record.getArchitecture().getSettings()).containsEntry("types.form", "factored");
        assertThat(record.getTensors()).extracting(Tensor::getName).contains("types.classes");
        EventModel back = ModelParametersMapper.fromAvro(ModelParameters.fromByteBuffer(record.toByteBuffer()));
        assertThat(back.architecture()).isEqualTo(m.architecture());
        assertThat(back.typeHead().classes()).isEqualTo(m.typeHead().classes());
        assertThat(back.parameters().values()).containsExactly(m.parameters().values());
        StreamingScorer a = new StreamingScorer(m);
        StreamingScorer b = new StreamingScorer(back);
        EntityState sa = a.newState(0);
        EntityState sb = b.newState(0);
        for (int i = 0; i < 5; i++) {
            assertThat(b.observe(sb, 700.0 * (i + 1), (i * 13) % K))
                    .isEqualTo(a.observe(sa, 700.0 * (i + 1), (i * 13) % K));
        }
    }

    @Test
    void aPerTypeRecordIsAsItWasAndTheClassesAreUnderTheChecksum() {
        ModelParameters perType = TestModels.record("churn", 1, 3, Optional.empty());
        assertThat(perType.getArchitecture().getSettings()).doesNotContainKey("types.form");
        assertThat(perType.getTensors()).extracting(Tensor::getName).doesNotContain("types.classes");

        ModelParameters record = record(factored());
        List<Tensor> without = new ArrayList<>(record.getTensors());
        without.removeIf(t -> t.getName().equals("types.classes"));
        String checksum = record.getChecksum();
        assertThat(TensorChecksum.of(without)).isNotEqualTo(checksum);
        record.setTensors(without);
        assertThatThrownBy(() -> ModelParametersMapper.fromAvro(record))
                .isInstanceOf(ModelRefusedException.class)
                .hasMessageContaining("types.classes");
    }

    @Test
    void anUnknownTypeFormIsRefused() {
        ModelParameters record = record(factored());
        record.getArchitecture().getSettings().put("types.form", "hierarchical");
        assertThatThrownBy(() -> ModelParametersMapper.fromAvro(record))
                .isInstanceOfSatisfying(ModelRefusedException.class, e -> assertThat(e.reason())
                        .isEqualTo(ModelRefusedException.Reason.WRONG_FAMILY));
    }
}
