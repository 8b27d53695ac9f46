package io.tempora.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DemoOptionsTest {

    @Test
    void defaultsRetrainEveryFortySecondsWithTheDemosMargin() {
        DemoOptions o = DemoOptions.parse();
        assertThat(o.retrainEvery()).isEqualTo(40);
        assertThat(o.margin()).isEqualTo(DemoOptions.DEFAULT_MARGIN);
        assertThat(o.trainSeconds()).isEqualTo(20);
    }

    @Test
    void retrainEveryTakesSecondsWithOrWithoutTheSuffixAndMarginTakesNats() {
        assertThat(DemoOptions.parse("retrain-every=60s").retrainEvery()).isEqualTo(60);
        assertThat(DemoOptions.parse("retrain-every=0").retrainEvery()).isZero();
        assertThat(DemoOptions.parse("margin=0.01").margin()).isEqualTo(0.01);
    }

    @Test
    void badValuesSayWhichOptionAndWhatWasWrong() {
        assertThatThrownBy(() -> DemoOptions.parse("retrain-every=-5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retrain-every")
                .hasMessageContaining("-5");
        assertThatThrownBy(() -> DemoOptions.parse("margin=-0.1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("margin");
        assertThatThrownBy(() -> DemoOptions.parse("retrain-every=soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'soon' is not a number");
    }

    @Test
    void oneInstanceAndNoHoldByDefaultInstancesAndHoldAreBounded() {
        assertThat(DemoOptions.parse().instances()).isEqualTo(1);
        assertThat(DemoOptions.parse().hold()).isZero();
        DemoOptions two = DemoOptions.parse("instances=2", "hold=60s");
        assertThat(two.instances()).isEqualTo(2);
        assertThat(two.hold()).isEqualTo(60);
        assertThatThrownBy(() -> DemoOptions.parse("instances=0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("instances");
        assertThatThrownBy(() -> DemoOptions.parse("instances=" + (DemoOptions.MAX_INSTANCES + 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 1 and " + DemoOptions.MAX_INSTANCES);
        assertThatThrownBy(() -> DemoOptions.parse("hold=-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hold");
    }
}
