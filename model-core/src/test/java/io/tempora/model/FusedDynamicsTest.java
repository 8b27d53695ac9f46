package io.tempora.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tempora.data.TypeVocabulary;
import io.tempora.nn.Adam;
import io.tempora.nn.AdamConfig;
import io.tempora.nn.Gradient;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FusedDynamicsTest {

    private static EventModel randomModel(long seed) {
        return randomModel(seed, 16, 32, 3);
    }

    private static EventModel randomModel(long seed, int d, int hidden, int types) {
        ModelArchitecture a = new ModelArchitecture(d, hidden, 8, types, 0);
        EventModel m = EventModel.create(a, 2.5, TypeVocabulary.numbered(types), FeatureStatistics.NONE, "r", seed);
        // Larger weights than the initialisation, so tanh visits both of its branches and saturation.
        SplittableRandom rng = new SplittableRandom(seed);
        m.parameters().update(v -> {
            for (int i = 0; i < v.length; i++) {
                v[i] += rng.nextDouble(-0.5, 0.5);
            }
        });
        return m;
    }

    @Test
    void segmentFieldIsTheCompensatedDynamicsToRounding() {
        EventModel m = randomModel(3);
        SegmentDynamics fast = new SegmentDynamics(new FusedDynamics(m), 16, 3);
        CompensatedDynamics reference = new CompensatedDynamics(m);
        SplittableRandom rng = new SplittableRandom(9);
        double[] got = new double[17];
        double[] want = new double[17];
        for (int trial = 0; trial < 200; trial++) {
            double[] y = rng.doubles(17, -4, 4).toArray();
            fast.evaluate(0, y, got);
            reference.evaluate(0, y, want);
            assertRoundingClose(got, want, "state " + trial);
        }
    }

    @Test
    void everyBlockingRemainderIsRight() {
        // Rows go eight, then up to four at a time: shapes that leave every remainder of 1 to 7 rows.
        int[][] shapes = {{5, 7, 1}, {6, 9, 2}, {3, 13, 4}, {11, 6, 5}, {9, 15, 7}};
        SplittableRandom rng = new SplittableRandom(2);
        for (int[] sh : shapes) {
            EventModel m = randomModel(7, sh[0], sh[1], sh[2]);
            SegmentDynamics fast = new SegmentDynamics(new FusedDynamics(m), sh[0], sh[2]);
            CompensatedDynamics reference = new CompensatedDynamics(m);
            double[] y = rng.doubles(sh[0] + 1, -3, 3).toArray();
            double[] got = new double[sh[0] + 1];
            double[] want = new double[sh[0] + 1];
            fast.evaluate(0, y, got);
            reference.evaluate(0, y, want);
            assertRoundingClose(got, want, "D=" + sh[0] + " H=" + sh[1] + " K=" + sh[2]);
        }
    }

    /**
     * The kernel caches packed weights and the leak rates, yet no write through the parameter API can
     * leave it stale: every writer moves the version itself, with no separate step to forget. Checked
     * against {@link CompensatedDynamics}, which reads the parameters afresh on every call.
     */
    @Test
    void noWriteThroughTheParameterApiLeavesTheKernelStale() {
        EventModel m = randomModel(4);
        FusedDynamics kernel = new FusedDynamics(m);
        SegmentDynamics fast = new SegmentDynamics(kernel, 16, 3);
        CompensatedDynamics reference = new CompensatedDynamics(m);
        double[] y = new SplittableRandom(1).doubles(17, -1, 1).toArray();
        double[] before = new double[17];
        fast.evaluate(0, y, before);

        m.parameters().update(v -> {
            for (int i = 0; i < m.fieldParameterCount(); i++) {
                v[i] *= 1.5;
            }
        });
        double[] afterUpdate = assertFollows(fast, reference, y, "after update");
        assertThat(afterUpdate).isNotEqualTo(before);

        int leak = m.leak().offset();
        m.parameters().set(leak, m.parameters().values()[leak] + 1.0);
        double[] afterSet = assertFollows(fast, reference, y, "after set");
        assertThat(afterSet).isNotEqualTo(afterUpdate);

        // An editor that fails half-way has written part of its change: the version moves all the same.
        assertThatThrownBy(() -> m.parameters().update(v -> {
                    v[leak] -= 2.0;
                    throw new IllegalStateException("editor failed");
                }))
                .hasMessage("editor failed");
        double[] afterFailure = assertFollows(fast, reference, y, "after a failed update");
        assertThat(afterFailure).isNotEqualTo(afterSet);

        Gradient g = m.parameters().newGradient();
        java.util.Arrays.fill(g.values(), 1.0);
        new Adam(m.parameters(), AdamConfig.of(0.1)).step(g);
        assertFollows(fast, reference, y, "after an optimiser step");
    }

    private static double[] assertFollows(
            SegmentDynamics fast, CompensatedDynamics reference, double[] y, String what) {
        double[] got = new double[y.length];
        double[] want = new double[y.length];
        fast.evaluate(0, y, got);
        reference.evaluate(0, y, want);
        assertRoundingClose(got, want, what);
        return got;
    }

    /**
     * The training path's value to rounding: the vector kernel sums in another order with fused
     * multiply-adds (FieldKernel), the scalar one is bit-identical (FieldKernelTest checks both closely).
     */
    private static void assertRoundingClose(double[] got, double[] want, String what) {
        for (int i = 0; i < want.length; i++) {
            assertThat(Math.abs(got[i] - want[i]))
                    .as("%s, component %d: %s vs %s", what, i, got[i], want[i])
                    .isLessThanOrEqualTo(1e-12 * (1 + Math.abs(want[i])));
        }
    }
}
