package io.tempora.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ListedTypesTest {

    @Test
    void everyTypeInVocabularyOrderWhileThereAreAtMostTheMaximum() {
        assertThat(ListedTypes.of(k -> 1.0 / (k + 1), 5, 5)).isNull();
        assertThat(ListedTypes.of(k -> 1.0 / (k + 1), 1, 100)).isNull();
    }

    @Test
    void theMostLikelyFirstTiesToTheEarlierTypeAndNotANumberLast() {
        double[] share = {0.1, Double.NaN, 0.3, 0.1, 0.05, 0.3, 0.15};
        assertThat(ListedTypes.of(k -> share[k], share.length, 4)).containsExactly(2, 5, 6, 0);
        assertThat(ListedTypes.of(k -> share[k], share.length, 6)).containsExactly(2, 5, 6, 0, 3, 4);
        assertThat(ListedTypes.of(k -> share[k], share.length, 1)).containsExactly(2);
    }

    @Property(tries = 200)
    void theTopOfAFullSort(
            @ForAll @IntRange(min = 2, max = 400) int types,
            @ForAll @IntRange(min = 1, max = 50) int max,
            @ForAll long seed) {
        Random random = new Random(seed);
        // Few distinct values, so that ties are common.
        double[] share = IntStream.range(0, types)
                .mapToDouble(k -> random.nextInt(7) / 7.0)
                .toArray();
        int[] expected = IntStream.range(0, types)
                .boxed()
                .sorted(Comparator.<Integer>comparingDouble(k -> -share[k]).thenComparingInt(k -> k))
                .limit(max)
                .mapToInt(Integer::intValue)
                .toArray();
        int[] listed = ListedTypes.of(k -> share[k], types, max);
        if (types <= max) {
            assertThat(listed).isNull();
        } else {
            assertThat(listed).containsExactly(expected);
        }
    }
}
