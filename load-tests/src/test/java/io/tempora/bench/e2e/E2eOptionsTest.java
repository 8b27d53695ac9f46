package io.tempora.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class E2eOptionsTest {

    @Test
    void defaultsAreTheIssuesInputAndArgumentsOverrideThem() {
        assertThat(E2eOptions.parse()).isEqualTo(E2eOptions.DEFAULTS);
        assertThat(E2eOptions.DEFAULTS.events()).isEqualTo(1_000_000);
        assertThat(E2eOptions.DEFAULTS.entities()).isEqualTo(10_000);

        assertThat(E2eOptions.DEFAULTS.streamThreads()).isEqualTo(2);

        E2eOptions o = E2eOptions.parse(
                "events=200_000", "entities=500", "latency-s=12.5", "seed=3", "profile=off", "stream-threads=1");

        assertThat(o).isEqualTo(new E2eOptions(200_000, 500, 12.5, 3, false, 1));
    }

    @Test
    void badArgumentsSayWhatIsWrong() {
        assertThatThrownBy(() -> E2eOptions.parse("events=0")).hasMessageContaining("events must be >= 1");
        assertThatThrownBy(() -> E2eOptions.parse("events=lots")).hasMessageContaining("'lots' is not a number");
        assertThatThrownBy(() -> E2eOptions.parse("speed=3")).hasMessageContaining("unknown argument 'speed'");
        assertThatThrownBy(() -> E2eOptions.parse("events")).hasMessageContaining("is not NAME=VALUE");
        assertThatThrownBy(() -> E2eOptions.parse("profile=maybe")).hasMessageContaining("profile must be on or off");
        assertThatThrownBy(() -> E2eOptions.parse("stream-threads=0"))
                .hasMessageContaining("stream-threads must be >= 1");
    }

    @Test
    void theResultIsOneLineOfJsonWithNumbersAndBooleansBareAndTextQuoted() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("eps", 12.5);
        values.put("count", 3L);
        values.put("nan", Double.NaN);
        values.put("scope", "the \"whole\" JVM");
        values.put("equal", true);

        assertThat(E2eRuns.json(values))
                .isEqualTo("{\"eps\":12.5,\"count\":3,\"nan\":null,\"scope\":\"the \\\"whole\\\" JVM\","
                        + "\"equal\":true}");
    }
}
