package io.tempora.schemas.serde.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.schemas.serde.registry.RegistryAvailability.Admission;
import io.tempora.schemas.serde.registry.RegistryAvailability.KnownOutage;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The circuit of {@link RegistryAvailability} on a clock the test moves: an outage refuses requests for the probe
 * interval, then admits exactly one probe at a time; an answer ends the outage, a failed probe starts another
 * interval.
 */
class RegistryAvailabilityTest {

    private static final Duration INTERVAL = Duration.ofSeconds(2);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RegistryAvailability availability = new RegistryAvailability(INTERVAL, now::get);

    @Test
    void anUpRegistryAdmitsEveryRequestWithRetries() {
        assertThat(availability.admit()).isSameAs(Admission.NORMAL);
        assertThat(availability.admit()).isSameAs(Admission.NORMAL);
        assertThat(availability.isDown()).isFalse();
    }

    @Test
    void anOutageRefusesRequestsUntilTheIntervalIsOverAndSaysHowLongToWait() {
        availability.failed("connection refused");
        advance(Duration.ofMillis(500));

        Admission refused = availability.admit();

        assertThat(refused).isInstanceOfSatisfying(KnownOutage.class, outage -> {
            assertThat(outage.since()).isEqualTo(Duration.ofMillis(500));
            assertThat(outage.retryAfter()).isEqualTo(Duration.ofMillis(1_500));
            assertThat(outage.lastFailure()).isEqualTo("connection refused");
        });
        assertThat(availability.isDown()).isTrue();
    }

    @Test
    void afterTheIntervalExactlyOneCallerProbesAndTheOthersAreStillRefused() {
        availability.failed("connection refused");
        advance(INTERVAL);

        assertThat(availability.admit()).isSameAs(Admission.PROBE);
        assertThat(availability.admit())
                .as("a second caller while the probe is out")
                .isInstanceOfSatisfying(KnownOutage.class, outage -> assertThat(outage.retryAfter())
                        .isEqualTo(INTERVAL));
    }

    @Test
    void anAnsweredProbeEndsTheOutage() {
        availability.failed("connection refused");
        advance(INTERVAL);
        assertThat(availability.admit()).isSameAs(Admission.PROBE);

        availability.succeeded();

        assertThat(availability.isDown()).isFalse();
        assertThat(availability.admit()).isSameAs(Admission.NORMAL);
    }

    @Test
    void aFailedProbeStartsAnotherIntervalOfTheSameOutage() {
        availability.failed("connection refused");
        advance(INTERVAL);
        assertThat(availability.admit()).isSameAs(Admission.PROBE);

        availability.failed("read timed out");
        advance(Duration.ofMillis(100));

        assertThat(availability.admit()).isInstanceOfSatisfying(KnownOutage.class, outage -> {
            assertThat(outage.since()).isEqualTo(INTERVAL.plusMillis(100));
            assertThat(outage.retryAfter()).isEqualTo(INTERVAL.minusMillis(100));
            assertThat(outage.lastFailure()).isEqualTo("read timed out");
        });
        advance(INTERVAL);
        assertThat(availability.admit()).isSameAs(Admission.PROBE);
    }

    @Test
    void anAbandonedProbeLetsTheNextCallerProbe() {
        availability.failed("connection refused");
        advance(INTERVAL);
        assertThat(availability.admit()).isSameAs(Admission.PROBE);

        availability.probeAbandoned();

        assertThat(availability.admit()).isSameAs(Admission.PROBE);
    }

    @Test
    void aZeroIntervalProbesWithEveryRequest() {
        RegistryAvailability eager = new RegistryAvailability(Duration.ZERO, now::get);
        eager.failed("connection refused");

        assertThat(eager.admit()).isSameAs(Admission.PROBE);
        eager.failed("connection refused");
        assertThat(eager.admit()).isSameAs(Admission.PROBE);
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }
}
