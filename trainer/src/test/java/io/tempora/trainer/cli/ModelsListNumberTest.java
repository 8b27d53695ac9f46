package io.tempora.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The metric numbers of {@code models list}: six significant digits, no trailing zeros. */
class ModelsListNumberTest {

    @Test
    void numbersKeepSixSignificantDigitsAndDropTrailingZeros() {
        assertThat(ModelsListCommand.number(9)).isEqualTo("9");
        assertThat(ModelsListCommand.number(0)).isEqualTo("0");
        assertThat(ModelsListCommand.number(100)).isEqualTo("100");
        assertThat(ModelsListCommand.number(1.875)).isEqualTo("1.875");
        assertThat(ModelsListCommand.number(-2.5)).isEqualTo("-2.5");
        assertThat(ModelsListCommand.number(1.837934)).isEqualTo("1.83793");
        assertThat(ModelsListCommand.number(0.000123456789)).isEqualTo("0.000123457");
        assertThat(ModelsListCommand.number(12_000_000)).isEqualTo("1.2e+07");
        assertThat(ModelsListCommand.number(1e-7)).isEqualTo("1e-07");
    }
}
