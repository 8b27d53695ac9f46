package io.tempora.bench.realdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchSetTest {

    /** The repository's real sets, seen from the module's folder (the tests' working directory). */
    private static final Path DATA = Path.of("..", "data", "real");

    /** Training events and scored test events of each real set (data/real/README.md's table). */
    private static final Map<String, long[]> SIZES =
            Map.of("geyser", new long[] {209, 90}, "coal", new long[] {134, 57}, "imdepi", new long[] {445, 191});

    private static long scored(Dataset d) {
        return d.sequences().stream().mapToLong(s -> s.size() - 1).sum();
    }

    @Test
    void everyRealSetReadsWithItsDocumentedSizesAndTheTestStartsWhereTrainingEnds() throws Exception {
        for (String name : BenchSet.REAL) {
            BenchSet set = BenchSet.real(DATA, name);
            assertThat(new long[] {set.train().numEvents(), scored(set.test())})
                    .as(name)
                    .containsExactly(SIZES.get(name));
            EventSequence train = set.train().sequences().get(0);
            EventSequence test = set.test().sequences().get(0);
            // The test file's first event, conditioned on, is training's last: no event is in both as scored.
            assertThat(test.time(0)).as(name).isEqualTo(train.time(train.size() - 1));
            assertThat(test.types()[0]).as(name).isEqualTo(train.types()[train.size() - 1]);
            assertThat(set.trueNll()).isNaN();
        }
    }

    @Test
    void simulatedSetsHaveGapsOverOrdersOfMagnitudeAndAFiniteTrueLikelihood() {
        for (String name : BenchSet.SIMULATED) {
            BenchSet set = BenchSet.simulated(name);
            assertThat(set.train().sequences()).hasSize(BenchSet.TRAIN_SEQUENCES);
            assertThat(set.test().sequences()).hasSize(BenchSet.TEST_SEQUENCES);
            assertThat(set.trueNll()).as(name).isFinite();
            double min = Double.POSITIVE_INFINITY;
            double max = 0;
            for (EventSequence s : set.train().sequences()) {
                for (int i = 1; i < s.size(); i++) {
                    double gap = s.time(i) - s.time(i - 1);
                    min = Math.min(min, gap);
                    max = Math.max(max, gap);
                }
            }
            assertThat(max / min).as(name + ": longest over shortest gap").isGreaterThan(1e4);
            assertThat(BenchSet.simulated(name).trueNll()).as("seeded").isEqualTo(set.trueNll());
        }
        assertThatThrownBy(() -> BenchSet.simulated("nope")).hasMessageContaining("no simulated set 'nope'");
    }
}
