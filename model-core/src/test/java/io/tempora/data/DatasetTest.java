package io.tempora.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tempora.pp.BenchmarkProcesses;
import io.tempora.pp.PointProcess;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DatasetTest {

    private static Dataset sample(int entities) {
        List<EventSequence> seqs = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(1);
        for (int e = 0; e < entities; e++) {
            int n = 1 + e % 7;
            double[] t = new double[n];
            int[] k = new int[n];
            double time = 0;
            for (int i = 0; i < n; i++) {
                time += rng.nextDouble();
                t[i] = time;
                k[i] = rng.nextInt(3);
            }
            seqs.add(EventSequence.of("e" + e, t, k));
        }
        return Dataset.of(TypeVocabulary.of("a", "b", "c"), seqs);
    }

    @Test
    void validatesEntitiesTypesAndFeatures() {
        TypeVocabulary v = TypeVocabulary.of("a", "b");
        assertThatThrownBy(() -> Dataset.of(v, List.of(EventSequence.ofTimes("x", 1), EventSequence.ofTimes("x", 2))))
                .hasMessageContaining("'x' has two sequences");
        assertThatThrownBy(() -> Dataset.of(v, List.of(EventSequence.of("x", new double[] {1}, new int[] {2}))))
                .hasMessageContaining("type id 2");
        assertThatThrownBy(() -> new Dataset(List.of(EventSequence.ofTimes("x", 1)), v, List.of("f")))
                .hasMessageContaining("0 features per event but the dataset names 1");
        assertThatThrownBy(() -> TypeVocabulary.of("a", "a")).hasMessageContaining("appears twice");
        assertThat(v.id("b")).isEqualTo(1);
        assertThatThrownBy(() -> v.id("z")).hasMessageContaining("known types: 2 types (a, b)");
        assertThat(TypeVocabulary.numbered(3).names()).containsExactly("0", "1", "2");
    }

    @Test
    void chronologicalSplitKeepsTheTrainingPartAsHistoryOfTheTestWindow() {
        PointProcess hawkes = BenchmarkProcesses.hawkes1().process();
        EventSequence s = hawkes.simulate(1_000, new SplittableRandom(2));
        Dataset d = Dataset.of(TypeVocabulary.numbered(1), List.of(s));
        Dataset.Split split = d.splitChronologically(0.8);
        assertThat(split.train().sequences().get(0)).isEqualTo(s.slice(0, 800));
        Window test = split.test().get(0);
        assertThat(test.sequence()).isEqualTo(s);
        assertThat(test.from()).isEqualTo(800);
        assertThat(test.to()).isEqualTo(1_000);
        double train = hawkes.logLikelihood(split.train().sequences().get(0), 0, 800);
        double testLl = hawkes.logLikelihood(test.sequence(), test.from(), test.to());
        assertThat(train + testLl).isCloseTo(hawkes.logLikelihood(s, 0, 1_000), within(1e-9));
    }

    @Test
    void windowsPartitionEverySequence() {
        Dataset d = sample(30);
        List<Window> windows = d.windows(3);
        long covered = windows.stream().mapToLong(Window::size).sum();
        assertThat(covered).isEqualTo(d.numEvents());
        for (Window w : windows) {
            assertThat(w.size()).isBetween(1, 3);
            assertThat(w.from() % 3).isZero();
        }
        assertThatThrownBy(() -> d.windows(0)).hasMessageContaining("maxEvents");
    }

    @Test
    void entitySplitIsSeededDisjointAndIndependentOfInputOrder() {
        Dataset d = sample(50);
        Dataset.Split a = d.splitByEntity(0.8, 7);
        List<EventSequence> shuffled = new ArrayList<>(d.sequences());
        Collections.reverse(shuffled);
        Dataset.Split b = d.withSequences(shuffled).splitByEntity(0.8, 7);
        assertThat(a).isEqualTo(b);
        assertThat(a.train().sequences()).hasSize(40);
        assertThat(a.test()).hasSize(10);
        Set<String> ids = new HashSet<>();
        a.train().sequences().forEach(s -> ids.add(s.entityId()));
        a.test().forEach(w -> ids.add(w.sequence().entityId()));
        assertThat(ids).hasSize(50);
        assertThat(d.splitByEntity(0.8, 8)).isNotEqualTo(a);
        assertThat(Dataset.of(
                                TypeVocabulary.numbered(1),
                                List.of(EventSequence.ofTimes("a", 1), EventSequence.ofTimes("b", 1)))
                        .splitByEntity(0.99, 1)
                        .test())
                .hasSize(1);
        assertThatThrownBy(() -> d.splitByEntity(1, 1)).hasMessageContaining("(0, 1)");
    }

    @Test
    void timeUnitIsTheMedianPositiveGap() {
        Dataset d = Dataset.of(
                TypeVocabulary.numbered(1),
                List.of(
                        EventSequence.ofTimes("a", 0, 10, 10, 10, 40), // gaps 10, 0, 0, 30
                        EventSequence.ofTimes("b", 5, 25), // gap 20
                        EventSequence.ofTimes("c", 7)));
        assertThat(TimeUnits.medianPositiveGap(d)).isEqualTo(20);
        Dataset even = Dataset.of(TypeVocabulary.numbered(1), List.of(EventSequence.ofTimes("a", 0, 1, 4, 10, 20)));
        assertThat(TimeUnits.medianPositiveGap(even)).isEqualTo(4.5); // gaps 1, 3, 6, 10
        assertThatThrownBy(() -> TimeUnits.medianPositiveGap(
                        Dataset.of(TypeVocabulary.numbered(1), List.of(EventSequence.ofTimes("a", 3, 3)))))
                .hasMessageContaining("no positive gap");
    }
}
