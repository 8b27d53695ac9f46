package io.tempora.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntityHistoriesTest {

    private static WindowEvent event(long t, String type, String id, Map<String, Double> features) {
        return new WindowEvent(t, type, features, id);
    }

    @Test
    void historiesAreSortedByTimeDeduplicatedByEventIdAndCappedToTheNewest() {
        Map<String, List<WindowEvent>> read = new LinkedHashMap<>();
        read.put(
                "a",
                List.of(
                        event(30, "y", "a3", Map.of()),
                        event(10, "x", "a1", Map.of()),
                        event(20, "x", "a2", Map.of()),
                        event(20, "x", "a2", Map.of()),
                        event(40, "y", null, Map.of()),
                        event(5, "x", "a0", Map.of())));
        read.put("b", List.of(event(7, "z", null, Map.of())));
        BadEvents bad = new BadEvents();

        EntityHistories h = EntityHistories.of(read, 3, bad);

        assertThat(bad.counts()).containsExactly(Map.entry("DUPLICATE", 1L));
        assertThat(h.capped()).as("a's two oldest of five distinct events").isEqualTo(2);
        assertThat(h.events()).isEqualTo(4);
        assertThat(h.typeNames()).containsExactly("x", "y", "z");
        Dataset d = h.toDataset(TypeVocabulary.of("z", "y", "x"), List.of(), new double[0]);
        assertThat(d.sequences())
                .containsExactly(
                        EventSequence.of("a", new double[] {20, 30, 40}, new int[] {2, 1, 1}),
                        EventSequence.of("b", new double[] {7}, new int[] {0}));
    }

    @Test
    void aMissingFeatureTakesTheImputedValue() {
        Map<String, List<WindowEvent>> read = Map.of(
                "a",
                List.of(
                        event(1, "x", null, Map.of("amount", 4.0)),
                        event(2, "x", null, Map.of("amount", 8.0, "other", 1.0)),
                        event(3, "x", null, Map.of())));
        EntityHistories h = EntityHistories.of(read, 10, new BadEvents());
        double[] means = h.featureMeans(List.of("amount", "never"));
        assertThat(means).containsExactly(6.0, 0.0);
        Dataset d = h.toDataset(TypeVocabulary.of("x"), List.of("amount"), new double[] {6.0});
        assertThat(d.sequences().get(0).features()).isDeepEqualTo(new double[][] {{4}, {8}, {6}});
    }

    @Test
    void aTypeOutsideTheVocabularyIsRefused() {
        EntityHistories h =
                EntityHistories.of(Map.of("a", List.of(event(1, "x", null, Map.of()))), 10, new BadEvents());
        assertThatThrownBy(() -> h.toDataset(TypeVocabulary.of("y"), List.of(), new double[0]))
                .hasMessageContaining("unknown event type 'x'");
    }
}
