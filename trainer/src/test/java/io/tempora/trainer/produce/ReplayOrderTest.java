package io.tempora.trainer.produce;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayOrderTest {

    private static final TypeVocabulary TYPES = TypeVocabulary.of("a", "b");

    private static final Dataset DATA = Dataset.of(
            TYPES,
            List.of(
                    EventSequence.of("x", new double[] {100, 300, 300, 900}, new int[] {0, 1, 0, 1}),
                    EventSequence.of("y", new double[] {100, 200, 300}, new int[] {1, 1, 0})));

    @Test
    void eventsGoInTimeOrderTiesByEntityThenByTheirOwnOrder() {
        ReplayOrder order = ReplayOrder.of(DATA);

        List<String> ids = new ArrayList<>();
        for (int p = 0; p < order.size(); p++) {
            ids.add(order.eventId(p));
        }

        assertThat(ids).containsExactly("x-0", "y-0", "y-1", "x-1", "x-2", "y-2", "x-3");
        assertThat(order.time(3)).isEqualTo(300);
        assertThat(order.sequence(3).type(order.index(3))).isEqualTo(1);
    }

    @Test
    void gapsAreDividedByTheSpeedAndMaxSendsEverythingAtOnce() {
        ReplayOrder order = ReplayOrder.of(DATA);
        int last = order.size() - 1;

        assertThat(order.dueAfterStartMs(last, 1)).isEqualTo(800);
        assertThat(order.dueAfterStartMs(last, 4)).isEqualTo(200);
        assertThat(order.dueAfterStartMs(last, 0.5)).isEqualTo(1600);
        assertThat(order.dueAfterStartMs(last, Double.POSITIVE_INFINITY)).isZero();
    }
}
