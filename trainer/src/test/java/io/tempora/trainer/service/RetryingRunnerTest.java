package io.tempora.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryingRunnerTest {

    private final List<Duration> waits = new ArrayList<>();
    private final RetryingRunner runner =
            new RetryingRunner(4, Duration.ofMillis(100), Duration.ofMillis(300), waits::add);

    @Test
    void outagesAreRetriedWithDoublingWaitsUpToTheMaximum() {
        AtomicInteger calls = new AtomicInteger();
        String result = runner.call("read", () -> {
            if (calls.incrementAndGet() < 4) {
                throw new OutageException("down");
            }
            return "read";
        });
        assertThat(result).isEqualTo("read");
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300));
    }

    @Test
    void theLastOutageIsThrownAfterTheLastAttempt() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> runner.call("read", () -> {
                    throw new OutageException("down " + calls.incrementAndGet());
                }))
                .isInstanceOf(OutageException.class)
                .hasMessage("down 4");
        assertThat(waits).hasSize(3);
    }

    @Test
    void otherFailuresAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> runner.call("read", () -> {
                    calls.incrementAndGet();
                    throw new IllegalStateException("bad data");
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(calls).hasValue(1);
        assertThat(waits).isEmpty();
    }
}
