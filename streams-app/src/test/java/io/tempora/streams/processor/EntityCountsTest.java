package io.tempora.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/**
 * The per-task entity counts the gauge sums: NaN while an assigned task has no count, and a re-initialised
 * task's count not dropped by the close of its earlier initialisation.
 */
class EntityCountsTest {

    private static final TaskId TASK_0 = new TaskId(0, 0);
    private static final TaskId TASK_1 = new TaskId(0, 1);

    @Test
    void theSumOverAssignedTasksIsNaNWhileOneHasNoCount() {
        EntityCounts counts = new EntityCounts();
        counts.open(TASK_0, 3).incrementAndGet();
        assertThat(counts.sum(List.of(TASK_0))).isEqualTo(4);
        assertThat(counts.sum(List.of(TASK_0, TASK_1))).as("task 1 restoring").isNaN();
        counts.open(TASK_1, 5);
        assertThat(counts.sum(List.of(TASK_0, TASK_1))).isEqualTo(9);
        assertThat(counts.sum(List.of())).isZero();
    }

    @Test
    void aReInitialisedTaskCountsAfreshAndTheEarlierCloseLeavesItsCount() {
        EntityCounts counts = new EntityCounts();
        AtomicLong first = counts.open(TASK_0, 7);
        AtomicLong second = counts.open(TASK_0, 2);
        assertThat(counts.total()).isEqualTo(2);
        counts.close(TASK_0, first);
        assertThat(counts.total()).as("the earlier initialisation's close").isEqualTo(2);
        counts.close(TASK_0, second);
        assertThat(counts.total()).isZero();
        assertThat(counts.sum(List.of(TASK_0))).isNaN();
    }
}
