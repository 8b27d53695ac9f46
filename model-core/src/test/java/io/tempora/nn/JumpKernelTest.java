package io.tempora.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JumpKernelTest {

    /** Hidden size, embedding dimension, further inputs (features), types: the default and register remainders. */
    private static final int[][] SHAPES = {
        {16, 8, 0, 3}, {16, 8, 0, 4}, {1, 1, 0, 1}, {5, 3, 2, 2}, {7, 4, 1, 5}, {13, 4, 0, 9}, {32, 8, 3, 4},
    };

    private record Jump(GruCell cell, Embedding embedding, ParameterSet params) {}

    private static Jump build(int hidden, int emb, int extra, int types, long seed) {
        ParameterSet.Builder b = ParameterSet.builder();
        Embedding embedding = Embedding.define(b, "type", types, emb);
        GruCell cell = GruCell.define(b, "jump", emb + 1 + extra, hidden);
        ParameterSet ps = b.build();
        ps.initialise(seed);
        // Nonzero biases and larger weights than the initialisation's, so every gate is exercised.
        double[] v = ps.values();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < v.length; i++) {
            v[i] += rng.nextDouble(-0.5, 0.5);
        }
        return new Jump(cell, embedding, ps);
    }

    @Test
    void theBuildRunsTheVectorKernel() {
        Jump j = build(16, 8, 0, 3, 1);
        assertThat(JumpKernel.create(j.cell(), j.embedding()).getClass().getSimpleName())
                .isEqualTo("VectorJumpKernel");
    }

    @Test
    void theScalarKernelIsTheTrainingPathBitForBit() {
        for (int[] s : SHAPES) {
            Jump j = build(s[0], s[1], s[2], s[3], 7);
            JumpKernel kernel = JumpKernel.scalar(j.cell(), j.embedding());
            kernel.pack(j.params().values());
            SplittableRandom rng = new SplittableRandom(3);
            double[] theta = j.params().values();
            for (int trial = 0; trial < 20; trial++) {
                double[] h = random(rng, s[0], 1.5);
                double[] x = s[2] == 0 ? null : random(rng, s[2], 2);
                int type = rng.nextInt(s[3]);
                double gap = Math.log(rng.nextDouble(1e-3, 50));
                double[] input = new double[s[1] + 1 + s[2]];
                j.embedding().forward(theta, type, input);
                double[] row = new double[s[1]];
                j.embedding().forward(theta, type, row);
                System.arraycopy(row, 0, input, 0, s[1]);
                input[s[1]] = gap;
                if (x != null) {
                    System.arraycopy(x, 0, input, s[1] + 1, s[2]);
                }
                double[] expected = new double[s[0]];
                j.cell().forward(theta, input, h, j.cell().newWorkspace(), expected);
                double[] got = new double[s[0]];
                kernel.jump(h, type, gap, x, got);
                assertThat(got).containsExactly(expected);
            }
        }
    }

    @Test
    void theVectorKernelAgreesWithTheScalarOneToRounding() {
        for (int[] s : SHAPES) {
            Jump j = build(s[0], s[1], s[2], s[3], 11);
            JumpKernel scalar = JumpKernel.scalar(j.cell(), j.embedding());
            JumpKernel vector = JumpKernel.create(j.cell(), j.embedding());
            scalar.pack(j.params().values());
            vector.pack(j.params().values());
            SplittableRandom rng = new SplittableRandom(5);
            for (int trial = 0; trial < 50; trial++) {
                // Large inputs too: gates saturated (σ near 0 and 1, tanh near ±1) and the clamp.
                double scale = trial < 40 ? 1.5 : 40;
                double[] h = random(rng, s[0], scale);
                double[] x = s[2] == 0 ? null : random(rng, s[2], scale);
                int type = rng.nextInt(s[3]);
                double gap = Math.log(rng.nextDouble(1e-3, 50));
                double[] a = new double[s[0]];
                double[] b = h.clone();
                scalar.jump(h, type, gap, x, a);
                vector.jump(b, type, gap, x, b); // in place: hOut may be h
                for (int i = 0; i < s[0]; i++) {
                    // h' = (1 − z) n + z h: rounding relative to |h| (up to 40 here) and to |n| ≤ 1.
                    assertThat(b[i])
                            .as("shape H=%d E=%d F=%d, trial %d, unit %d", s[0], s[1], s[2], trial, i)
                            .isCloseTo(a[i], org.assertj.core.api.Assertions.within(1e-14 * (1 + Math.abs(h[i]))));
                }
            }
        }
    }

    @Test
    void aPackAfterTheParametersChangeIsSeen() {
        Jump j = build(16, 8, 0, 3, 13);
        JumpKernel vector = JumpKernel.create(j.cell(), j.embedding());
        vector.pack(j.params().values());
        double[] h = random(new SplittableRandom(1), 16, 1);
        double[] before = new double[16];
        vector.jump(h, 1, 0.3, null, before);
        j.params().values()[j.cell().hiddenMap().bias().offset() + 2 * 16] += 1.0; // the n gate of unit 0
        double[] stale = new double[16];
        vector.jump(h, 1, 0.3, null, stale);
        assertThat(stale).containsExactly(before);
        vector.pack(j.params().values());
        double[] after = new double[16];
        vector.jump(h, 1, 0.3, null, after);
        assertThat(after[0]).isNotEqualTo(before[0]);
        assertThat(after[1]).isEqualTo(before[1]);
    }

    @Test
    void aCellWithoutRoomForTheEmbeddingAndTheGapIsRefused() {
        ParameterSet.Builder b = ParameterSet.builder();
        Embedding embedding = Embedding.define(b, "type", 3, 8);
        GruCell cell = GruCell.define(b, "jump", 8, 16);
        assertThatThrownBy(() -> JumpKernel.create(cell, embedding))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8 inputs")
                .hasMessageContaining("log-gap");
        Jump j = build(16, 8, 0, 3, 1);
        JumpKernel vector = JumpKernel.create(j.cell(), j.embedding());
        vector.pack(j.params().values());
        assertThatThrownBy(() -> vector.jump(new double[16], 3, 0, null, new double[16]))
                .isInstanceOf(IndexOutOfBoundsException.class);
        Jump withFeatures = build(5, 3, 2, 2, 1);
        for (JumpKernel k : new JumpKernel[] {
            JumpKernel.create(withFeatures.cell(), withFeatures.embedding()),
            JumpKernel.scalar(withFeatures.cell(), withFeatures.embedding())
        }) {
            k.pack(withFeatures.params().values());
            assertThatThrownBy(() -> k.jump(new double[5], 0, 0, null, new double[5]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("2 further inputs");
            assertThatThrownBy(() -> k.jump(new double[5], 0, 0, new double[1], new double[5]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("got 1");
        }
    }

    private static double[] random(SplittableRandom rng, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextDouble(-scale, scale);
        }
        return v;
    }
}
