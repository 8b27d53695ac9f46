package io.tempora.schemas.serde.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void backoffDoublesUpToTheCap() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000));

        assertThat(policy.backoff(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.backoff(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.backoff(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(policy.backoff(5)).isEqualTo(Duration.ofMillis(1000));
        assertThat(policy.backoff(1000)).isEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void hugeInitialBackoffDoesNotOverflow() {
        RetryPolicy policy = new RetryPolicy(100, Duration.ofMillis(Long.MAX_VALUE / 4), Duration.ofSeconds(5));

        assertThat(policy.backoff(64)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void invalidValuesAreRefused() {
        assertThatThrownBy(() -> new RetryPolicy(-1, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxRetries");
        assertThatThrownBy(() -> RetryPolicy.DEFAULT.backoff(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
