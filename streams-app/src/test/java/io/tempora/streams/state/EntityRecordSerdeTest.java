package io.tempora.streams.state;

import static io.tempora.streams.state.EntityRecords.FULL_RING;
import static io.tempora.streams.state.EntityRecords.assertSameRecord;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class EntityRecordSerdeTest {

    private static final int SEEDS = 300;

    /** TER1 bytes of {@link EntityRecords#fixed()} as the DataOutputStream encoder wrote them. */
    private static byte[] fixture() throws IOException {
        try (InputStream in = EntityRecordSerdeTest.class.getResourceAsStream("entity-record-ter1.hex")) {
            return java.util.HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        }
    }

    @Test
    void readsTheStoredTer1Fixture() throws IOException {
        assertSameRecord(EntityRecords.fixed(), EntityRecordSerde.fromBytes(fixture()));
    }

    @Test
    void writesAStoredRecordBackToTheSameBytes() throws IOException {
        byte[] stored = fixture();
        assertArrayEquals(stored, EntityRecordSerde.toBytes(EntityRecordSerde.fromBytes(stored)));
    }

    @Test
    void seededRecordsRoundTripExactly() {
        for (long seed = 0; seed < SEEDS; seed++) {
            EntityRecord record = EntityRecords.random(seed);
            byte[] bytes = EntityRecordSerde.toBytes(record);
            EntityRecord back = EntityRecordSerde.fromBytes(bytes);
            assertSameRecord(record, back);
            assertArrayEquals(bytes, EntityRecordSerde.toBytes(back), "seed " + seed);
        }
    }

    @Test
    void appendingToAReadRecordMatchesAppendingToTheDecodedOne() {
        for (long seed = 0; seed < SEEDS; seed++) {
            Random r = new Random(seed);
            EntityRecord decoded = EntityRecords.random(seed);
            EntityRecord read = EntityRecordSerde.fromBytes(EntityRecordSerde.toBytes(decoded));
            int appends = r.nextInt(2 * FULL_RING);
            for (int i = 0; i < appends; i++) {
                RecentEvent e = new RecentEvent(
                        r.nextBoolean() ? "new-" + i : null,
                        r.nextLong(),
                        "t" + r.nextInt(3),
                        Map.of("f", r.nextDouble()));
                decoded.accept(e, FULL_RING);
                read.accept(e, FULL_RING);
                if (r.nextInt(4) == 0) {
                    read = EntityRecordSerde.fromBytes(EntityRecordSerde.toBytes(read));
                }
            }
            assertSameRecord(decoded, read);
            assertSameRecord(decoded, EntityRecordSerde.fromBytes(EntityRecordSerde.toBytes(read)));
        }
    }

    @Test
    void findsEventIdsInTheEncodedRingAndForgetsDroppedOnes() {
        List<RecentEvent> ring = new java.util.ArrayList<>();
        for (int i = 0; i < FULL_RING; i++) {
            ring.add(new RecentEvent("événement-" + i + "-用户", i, "t", Map.of()));
        }
        ring.add(new RecentEvent(null, FULL_RING, "t", Map.of()));
        EntityRecord read = EntityRecordSerde.fromBytes(
                EntityRecordSerde.toBytes(new EntityRecord(null, "m", 1, ring.size(), FULL_RING, ring)));
        for (int i = 0; i < FULL_RING; i++) {
            assertTrue(read.containsEventId("événement-" + i + "-用户"), "id " + i);
        }
        assertFalse(read.containsEventId("événement-0-用"));
        assertFalse(read.containsEventId(null));
        read.accept(new RecentEvent("next", FULL_RING + 1, "t", Map.of()), FULL_RING);
        assertFalse(read.containsEventId("événement-0-用户"), "dropped as the oldest");
        assertFalse(read.containsEventId("événement-1-用户"), "dropped as the second oldest");
        assertTrue(read.containsEventId("événement-2-用户"));
        assertTrue(read.containsEventId("next"));
        assertEquals(FULL_RING, read.recentEvents().size());
    }

    @Test
    void refusesEveryTruncationAndTrailingBytes() {
        for (long seed = 0; seed < 20; seed++) {
            byte[] bytes = EntityRecordSerde.toBytes(EntityRecords.random(seed));
            for (int n = 0; n < bytes.length; n++) {
                byte[] cut = Arrays.copyOf(bytes, n);
                assertThrows(SerializationException.class, () -> EntityRecordSerde.fromBytes(cut), "seed " + seed);
            }
            byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
            SerializationException e =
                    assertThrows(SerializationException.class, () -> EntityRecordSerde.fromBytes(longer));
            assertTrue(e.getMessage().contains("1 unread bytes"), e.getMessage());
        }
    }

    @Test
    void refusesBytesWithoutTheMagic() {
        SerializationException e = assertThrows(
                SerializationException.class,
                () -> EntityRecordSerde.fromBytes("TES2xxxx".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(e.getMessage().contains("magic TER1"), e.getMessage());
    }
}
