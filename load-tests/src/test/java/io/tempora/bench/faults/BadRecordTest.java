package io.tempora.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.demo.MalformedRecords;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BadRecordTest {

    private static final byte[] GOOD = {0, 0, 0, 0, 7, 20, 'e', 'n', 't', 'i', 't', 'y', '-', '0', '1'};

    @Test
    void theRotationSendsEveryKind() {
        Set<BadRecord.Kind> seen = EnumSet.noneOf(BadRecord.Kind.class);
        for (int n = 0; n < BadRecord.ROTATION.size(); n++) {
            seen.add(BadRecord.ROTATION.get(n));
        }
        assertThat(seen).containsExactlyInAnyOrder(BadRecord.Kind.values());
    }

    @Test
    void fuzzedBytesNeverStartWithTheMagicByte() {
        Random random = new Random(3);
        for (int i = 0; i < 10_000; i++) {
            byte[] b = BadRecord.fuzz(random);
            assertThat(b.length).isBetween(MalformedRecords.WIRE_HEADER_BYTES, 4 + BadRecord.MAX_FUZZ_BYTES);
            assertThat(b[0]).isNotZero();
        }
    }

    @Test
    void truncatedValuesKeepTheHeaderAndLoseAtLeastTheLastByte() {
        Random random = new Random(5);
        for (int i = 0; i < 1_000; i++) {
            byte[] t = BadRecord.truncate(GOOD, random);
            assertThat(t.length).isBetween(MalformedRecords.WIRE_HEADER_BYTES, GOOD.length - 1);
            assertThat(t).isEqualTo(Arrays.copyOf(GOOD, t.length));
        }
    }

    @Test
    void anUnknownSchemaIdReplacesOnlyTheHeadersId() {
        byte[] b = BadRecord.withSchemaId(GOOD, BadRecord.UNKNOWN_SCHEMA_ID);
        assertThat(b[0]).isZero();
        assertThat(((b[1] & 0xff) << 24) | ((b[2] & 0xff) << 16) | ((b[3] & 0xff) << 8) | (b[4] & 0xff))
                .isEqualTo(BadRecord.UNKNOWN_SCHEMA_ID);
        assertThat(Arrays.copyOfRange(b, 5, b.length)).isEqualTo(Arrays.copyOfRange(GOOD, 5, GOOD.length));
    }
}
