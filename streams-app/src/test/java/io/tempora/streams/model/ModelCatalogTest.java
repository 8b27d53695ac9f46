package io.tempora.streams.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tempora.streams.model.ModelRefusedException.Reason;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {

    private static final String NAME = "churn";
    private final ModelValidator validator = new ModelValidator(Optional.empty());

    private ServingModel version(String name, long v) {
        return validator.validate(name, TestModels.record(name, v));
    }

    private static RefusedVersion refusal(long v, Reason reason) {
        return RefusedVersion.of(
                NAME,
                OptionalLong.of(v),
                new ModelRefusedException(reason, "test refusal of " + v),
                "model-parameters-0@" + v);
    }

    @Test
    void nothingServesBeforeAVersionIsAccepted() {
        ModelCatalog catalog = ModelCatalog.unpinned();
        assertThat(catalog.serving(NAME)).isEmpty();
        assertThat(catalog.servingAll()).isEmpty();
        assertThat(catalog.versions(NAME)).isEmpty();
    }

    @Test
    void theNewestAcceptedVersionServesPerModel() {
        ModelCatalog catalog = ModelCatalog.unpinned();
        assertThat(catalog.accept(version(NAME, 1))).isTrue();
        assertThat(catalog.accept(version("fraud", 5))).isTrue();
        assertThat(catalog.accept(version(NAME, 3))).isTrue();

        assertThat(catalog.serving(NAME)).get().extracting(ServingModel::label).isEqualTo("churn@3");
        assertThat(catalog.serving("fraud"))
                .get()
                .extracting(ServingModel::label)
                .isEqualTo("fraud@5");
        assertThat(catalog.versions(NAME)).extracting(ServingModel::version).containsExactly(1L, 3L);
        assertThat(catalog.version(NAME, 1)).isPresent();
        assertThat(catalog.version(NAME, 2)).isEmpty();
        assertThat(catalog.servingAll()).containsOnlyKeys(NAME, "fraud");
    }

    @Test
    void aRefusedVersionLeavesThePreviousOneServing() {
        ModelCatalog catalog = ModelCatalog.unpinned();
        catalog.accept(version(NAME, 1));
        catalog.refuse(refusal(2, Reason.NON_FINITE_VALUE));
        catalog.refuse(refusal(3, Reason.BAD_SIGNATURE));

        assertThat(catalog.serving(NAME))
                .get()
                .extracting(ServingModel::version)
                .isEqualTo(1L);
        assertThat(catalog.refused(NAME))
                .extracting(RefusedVersion::reason)
                .containsExactly(Reason.NON_FINITE_VALUE, Reason.BAD_SIGNATURE);
        assertThat(catalog.refused(NAME).get(0).version()).hasValue(2);
        assertThat(catalog.refusalCounts())
                .containsEntry(Reason.NON_FINITE_VALUE, 1L)
                .containsEntry(Reason.BAD_SIGNATURE, 1L)
                .hasSize(2);

        // A refused number does not block a good record with the same number.
        assertThat(catalog.accept(version(NAME, 2))).isTrue();
        assertThat(catalog.serving(NAME))
                .get()
                .extracting(ServingModel::version)
                .isEqualTo(2L);
    }

    @Test
    void aVersionNotAboveTheNewestIsRefusedAndAReSendIgnored() {
        ModelCatalog catalog = ModelCatalog.unpinned();
        catalog.accept(version(NAME, 5));

        assertThatThrownBy(() -> catalog.accept(version(NAME, 4)))
                .isInstanceOfSatisfying(
                        ModelRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_NEWER))
                .hasMessageContaining("churn@4")
                .hasMessageContaining("not above 5");
        // Same number, other parameters: not a re-send.
        ServingModel impostor = validator.validate(NAME, TestModels.record(NAME, 5, 99, Optional.empty()));
        assertThatThrownBy(() -> catalog.accept(impostor))
                .isInstanceOfSatisfying(
                        ModelRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_NEWER))
                .hasMessageContaining("another checksum");
        assertThat(catalog.accept(version(NAME, 5)))
                .as("a re-send of the accepted version")
                .isFalse();
        assertThat(catalog.serving(NAME).orElseThrow().checksum())
                .isEqualTo(TestModels.record(NAME, 5).getChecksum());
    }

    @Test
    void aPinnedVersionServesEvenWhenNewerOnesArrive() {
        ModelCatalog catalog = new ModelCatalog(Map.of(NAME, 2L));
        catalog.accept(version(NAME, 1));
        assertThat(catalog.serving(NAME))
                .as("the pinned version is not there yet")
                .isEmpty();

        catalog.accept(version(NAME, 2));
        catalog.accept(version(NAME, 3));

        assertThat(catalog.pinned(NAME)).hasValue(2);
        assertThat(catalog.serving(NAME))
                .get()
                .extracting(ServingModel::version)
                .isEqualTo(2L);
        assertThat(catalog.versions(NAME)).hasSize(3);
    }

    @Test
    void aPinOnlyAppliesToItsModel() {
        ModelCatalog catalog = new ModelCatalog(Map.of(NAME, 1L));
        catalog.accept(version(NAME, 1));
        catalog.accept(version(NAME, 2));
        catalog.accept(version("fraud", 1));
        catalog.accept(version("fraud", 2));
        assertThat(catalog.serving(NAME).orElseThrow().version()).isEqualTo(1);
        assertThat(catalog.serving("fraud").orElseThrow().version()).isEqualTo(2);
        assertThat(catalog.pinned("fraud")).isEmpty();
    }

    @Test
    void onlyTheMostRecentRefusalsAreKeptButAllAreCounted() {
        ModelCatalog catalog = ModelCatalog.unpinned();
        int n = ModelCatalog.MAX_REFUSALS_KEPT + 5;
        for (int v = 1; v <= n; v++) {
            catalog.refuse(refusal(v, Reason.CHECKSUM_MISMATCH));
        }
        assertThat(catalog.refused(NAME)).hasSize(ModelCatalog.MAX_REFUSALS_KEPT);
        assertThat(catalog.refused(NAME).get(0).version()).hasValue(6);
        assertThat(catalog.refusalCounts()).containsEntry(Reason.CHECKSUM_MISMATCH, (long) n);
    }
}
