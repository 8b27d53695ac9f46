package io.tempora.streams.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tempora.model.EntityState;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Entity records for the codec's tests: a fixed one, seeded random ones with awkward values, and a comparison. */
final class EntityRecords {

    /** The ring size the application keeps by default: a full ring has this many events. */
    static final int FULL_RING = 32;

    private static final double[] AWKWARD = {
        Double.NaN,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        -0.0,
        0.0,
        Double.MIN_VALUE,
        Double.MAX_VALUE,
        -1.5e-300,
        Double.longBitsToDouble(0x7ff8_0000_0000_0001L)
    };
    private static final String[] AWKWARD_STRINGS = {
        "", "a", "événement-ü", "用户-42", "emoji-\uD83D\uDE80", "tab\tnewline\n", "x".repeat(300), "\u0000nul"
    };

    private EntityRecords() {}

    /** A latent state in model-core's stored format (TES2, little-endian), so the test needs no model. */
    static EntityState state(double[] h, double time, double last, long count, double comp, double step, String v) {
        byte[] vb = v.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + 4 + 8 * 5 + 4 + vb.length + 8 * h.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x54455332).putInt(h.length).putDouble(time).putDouble(last).putLong(count);
        b.putDouble(comp).putDouble(step).putInt(vb.length).put(vb);
        for (double x : h) {
            b.putDouble(x);
        }
        return EntityState.fromBytes(b.array());
    }

    /** The fixed record whose TER1 bytes are the fixture {@code entity-record-ter1.hex}. */
    static EntityRecord fixed() {
        List<RecentEvent> ring = new ArrayList<>();
        ring.add(new RecentEvent("ev-1", 1_700_000_000_000L, "purchase", Map.of("amount", 12.5)));
        ring.add(new RecentEvent(null, 1_700_000_000_500L, "view", Map.of()));
        ring.add(new RecentEvent("événement-é", 1_700_000_001_000L, "clic", Map.of("x", Double.NaN, "y", -0.0)));
        return new EntityRecord(
                state(new double[] {0.25, -1.0, Double.POSITIVE_INFINITY}, 3.5, 3.0, 3, 0.125, Double.NaN, "v7"),
                "hawkes-demo",
                7,
                3,
                1_700_000_001_000L,
                ring);
    }

    /** A record drawn from the seed: any field may be empty, null, unicode or a non-finite double. */
    static EntityRecord random(long seed) {
        Random r = new Random(seed);
        EntityState state = null;
        if (r.nextInt(5) > 0) {
            double[] h = new double[1 + r.nextInt(16)];
            for (int i = 0; i < h.length; i++) {
                h[i] = dbl(r);
            }
            state = state(h, dbl(r), dbl(r), r.nextLong(), dbl(r), dbl(r), str(r));
        }
        int n = r.nextInt(3) == 0 ? FULL_RING : r.nextInt(FULL_RING + 1);
        List<RecentEvent> ring = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Double> features = new LinkedHashMap<>();
            int f = r.nextInt(6);
            for (int j = 0; j < f; j++) {
                features.put(str(r) + j, dbl(r));
            }
            ring.add(new RecentEvent(r.nextInt(4) == 0 ? null : str(r), r.nextLong(), str(r), features));
        }
        return new EntityRecord(state, str(r), r.nextLong(), r.nextLong(), r.nextLong(), ring);
    }

    /** Asserts that two records hold the same values (doubles compared bit for bit, NaN equal to NaN). */
    static void assertSameRecord(EntityRecord expected, EntityRecord actual) {
        assertEquals(expected.modelName(), actual.modelName(), "model name");
        assertEquals(expected.modelVersion(), actual.modelVersion(), "model version");
        assertEquals(expected.eventCount(), actual.eventCount(), "event count");
        assertEquals(expected.lastEventTimeMs(), actual.lastEventTimeMs(), "latest event time");
        assertEquals(expected.state(), actual.state(), "latent state");
        assertEquals(expected.recentEvents(), actual.recentEvents(), "ring");
    }

    private static double dbl(Random r) {
        return r.nextInt(3) == 0 ? AWKWARD[r.nextInt(AWKWARD.length)] : r.nextGaussian() * 1e3;
    }

    private static String str(Random r) {
        return AWKWARD_STRINGS[r.nextInt(AWKWARD_STRINGS.length)]
                + (r.nextBoolean() ? "" : Long.toHexString(r.nextLong()));
    }
}
