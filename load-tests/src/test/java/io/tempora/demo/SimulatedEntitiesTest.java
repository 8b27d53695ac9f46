package io.tempora.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tempora.data.EventSequence;
import io.tempora.pp.BenchmarkProcesses;
import io.tempora.pp.ConditionalIntensity;
import io.tempora.pp.PointProcess;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatedEntitiesTest {

    private static final double UNIT_MS = 500;
    private static final double HISTORY_UNITS = 40;
    private static final long CREATED_MS = 1_800_000_000_000L;

    private final PointProcess process = BenchmarkProcesses.hawkes3Type().process();

    @Test
    void historyEndsBeforeTheLiveStreamAndIsInEpochMilliseconds() {
        SimulatedEntities sim = new SimulatedEntities(process, Demo.TYPES, 4, UNIT_MS, HISTORY_UNITS, CREATED_MS, 3);

        assertThat(sim.history().sequences()).hasSize(4);
        for (EventSequence s : sim.history().sequences()) {
            assertThat(s.size()).isPositive();
            assertThat(s.time(0)).isGreaterThanOrEqualTo(CREATED_MS - HISTORY_UNITS * UNIT_MS);
            assertThat(s.time(s.size() - 1)).isLessThanOrEqualTo(CREATED_MS);
        }
    }

    @Test
    void liveEventsFollowTheStartAndCarryTheProcesssTrueIntensity() {
        SimulatedEntities sim = new SimulatedEntities(process, Demo.TYPES, 1, UNIT_MS, HISTORY_UNITS, CREATED_MS, 5);
        EventSequence history = sim.history().sequences().get(0);
        long liveStart = CREATED_MS + 60_000;
        sim.startLive(liveStart);

        // An independent filter of the same process, fed the history and the live events in process time.
        ConditionalIntensity truth = process.start();
        for (int i = 0; i < history.size(); i++) {
            truth.observe((history.time(i) - CREATED_MS) / UNIT_MS + HISTORY_UNITS, history.type(i));
        }
        long previous = liveStart;
        for (int i = 0; i < 50; i++) {
            long due = sim.nextEventMs(0);
            SimulatedEntities.Emitted e = sim.emit(0);
            assertThat(e.eventTimeMs()).isEqualTo(due).isGreaterThanOrEqualTo(previous);
            assertThat(e.eventId()).isEqualTo("entity-0000-" + (history.size() + i));
            double t = (e.eventTimeMs() - liveStart) / UNIT_MS + HISTORY_UNITS;
            truth.observe(t, Demo.TYPES.id(e.type()));
            // event times are rounded to the millisecond: the intensity just after them agrees to that precision
            assertThat(e.trueIntensityPerSecond()).isCloseTo(truth.totalIntensity(t) * 1000 / UNIT_MS, within(0.05));
            previous = e.eventTimeMs();
        }
    }

    @Test
    void theMergedLiveStreamIsInTimeOrderAndKeepsEachEntitysOrder() {
        SimulatedEntities sim = new SimulatedEntities(process, Demo.TYPES, 25, UNIT_MS, HISTORY_UNITS, CREATED_MS, 9);
        Map<String, Integer> nextSeq = new HashMap<>();
        for (int e = 0; e < sim.size(); e++) {
            nextSeq.put(sim.id(e), sim.eventCount(e));
        }
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < 2_000; i++) {
            long due = sim.nextDueMs();
            SimulatedEntities.Emitted e = sim.emitNext();
            assertThat(e.eventTimeMs()).isEqualTo(due).isGreaterThanOrEqualTo(previous);
            int seq = nextSeq.merge(e.entityId(), 1, Integer::sum) - 1;
            assertThat(e.eventId()).isEqualTo(e.entityId() + "-" + seq);
            previous = e.eventTimeMs();
        }
        // every entity took part: the merge does not starve any of them
        for (int e = 0; e < sim.size(); e++) {
            assertThat(sim.eventCount(e))
                    .as(sim.id(e))
                    .isGreaterThan(sim.history().sequences().get(e).size());
        }
    }
}
