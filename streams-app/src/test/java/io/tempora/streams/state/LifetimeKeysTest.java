package io.tempora.streams.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

/** The index keys sort as the lifetime scans need: by section, then time (negative before positive), then id. */
class LifetimeKeysTest {

    @Test
    void keysSortBySectionThenSignedTimeThenId() {
        List<Bytes> sorted = List.of(
                LifetimeKeys.key(LifetimeKeys.LIVE, Long.MIN_VALUE, "a"),
                LifetimeKeys.key(LifetimeKeys.LIVE, -1, "z"),
                LifetimeKeys.key(LifetimeKeys.LIVE, 0, "a"),
                LifetimeKeys.key(LifetimeKeys.LIVE, 0, "b"),
                LifetimeKeys.key(LifetimeKeys.LIVE, 256, "a"),
                LifetimeKeys.key(LifetimeKeys.LIVE, Long.MAX_VALUE, "a"),
                LifetimeKeys.key(LifetimeKeys.EVICTED, Long.MIN_VALUE, "a"));
        List<Bytes> shuffled = new ArrayList<>(sorted);
        Collections.reverse(shuffled);
        shuffled.sort(Bytes::compareTo);
        assertThat(shuffled).containsExactlyElementsOf(sorted);
    }

    @Test
    void theBoundBeforeATimeSeparatesOlderEntriesFromTheRest() {
        Bytes bound = LifetimeKeys.sectionBefore(LifetimeKeys.LIVE, 1_000);
        assertThat(LifetimeKeys.key(LifetimeKeys.LIVE, 999, "\uffff\uffff")).isLessThan(bound);
        assertThat(LifetimeKeys.key(LifetimeKeys.LIVE, 1_000, "a")).isGreaterThan(bound);
        assertThat(LifetimeKeys.key(LifetimeKeys.EVICTED, -5, "a")).isGreaterThan(bound);
        assertThat(LifetimeKeys.successor(LifetimeKeys.key(LifetimeKeys.LIVE, 5, "a")))
                .isGreaterThan(LifetimeKeys.key(LifetimeKeys.LIVE, 5, "a"))
                .isLessThan(LifetimeKeys.key(LifetimeKeys.LIVE, 5, "a\u0000\u0000"));
    }

    @Test
    void aKeyGivesBackItsSectionTimeAndId() {
        Bytes k = LifetimeKeys.key(LifetimeKeys.EVICTED, -1_700_000_000_000L, "kunde-ü");
        assertThat(LifetimeKeys.section(k)).isEqualTo(LifetimeKeys.EVICTED);
        assertThat(LifetimeKeys.timeMs(k)).isEqualTo(-1_700_000_000_000L);
        assertThat(LifetimeKeys.entityId(k)).isEqualTo("kunde-ü");
    }
}
