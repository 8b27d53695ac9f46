package io.tempora.trainer.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.data.TypeVocabulary;
import io.tempora.pp.BenchmarkProcesses;
import io.tempora.trainer.CsvInputs;
import io.tempora.trainer.sim.SimulatedCsvFile;
import io.tempora.trainer.sim.SimulationSidecar;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The true intensity read back from a simulated file and its sidecar, against the processes' closed forms. */
class TrueIntensityTest {

    private static final double MILLIS_PER_SECOND = 1000;

    @Test
    void aHomogeneousPoissonSimulationHasItsRateEverywhere(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("poisson.csv");
        SimulatedCsvFile.write(csv, BenchmarkProcesses.stationaryPoisson(), 2, 30, 5);
        Dataset data = CsvInputs.readTraining(csv);
        SimulationSidecar sidecar = SimulationSidecar.readFor(csv).orElseThrow();

        for (EventSequence s : data.sequences()) {
            IntensityGrid grid = IntensityGrid.along(s, 100, 8);
            IntensitySeries truth =
                    TrueIntensity.along(sidecar, s, grid, TrueIntensity.processTypes(data.types(), 1), false);
            assertThat(grid.events()).isEqualTo(30);
            assertThat(truth.total()).hasSize(grid.size()).containsOnly(1.0); // lambda = 1 per second
        }
    }

    @Test
    void aHawkesSimulationHasItsExcitationSumAlongTheFilesEvents(@TempDir Path dir) throws Exception {
        // hawkes1: lambda(t) = 0.2 + sum over events before t of 0.8 e^{-(t - t_i)}, t in seconds from the origin.
        Path csv = dir.resolve("hawkes.csv");
        SimulatedCsvFile.write(csv, BenchmarkProcesses.hawkes1(), 1, 40, 9);
        Dataset data = CsvInputs.readTraining(csv);
        SimulationSidecar sidecar = SimulationSidecar.readFor(csv).orElseThrow();
        EventSequence s = data.sequences().get(0);
        double origin = SimulatedCsvFile.ORIGIN.toEpochMilli();
        IntensityGrid grid = IntensityGrid.along(s, 100, 8);

        IntensitySeries truth =
                TrueIntensity.along(sidecar, s, grid, TrueIntensity.processTypes(data.types(), 1), true);

        for (int p = 0; p < grid.size(); p++) {
            double t = (grid.times()[p] - origin) / MILLIS_PER_SECOND;
            double expected = 0.2;
            for (int i = 0; i < grid.observed()[p]; i++) {
                expected += 0.8 * Math.exp(-(t - (s.time(i) - origin) / MILLIS_PER_SECOND));
            }
            assertThat(truth.total()[p]).as("point %d", p).isCloseTo(expected, within(1e-9));
            assertThat(truth.byType()[0][p]).isCloseTo(expected, within(1e-9));
        }
    }

    @Test
    void typeNamesMustBeTheProcesssTypeIds() {
        assertThat(TrueIntensity.processTypes(TypeVocabulary.of("0", "2"), 3)).containsExactly(0, 2);
        assertThatThrownBy(() -> TrueIntensity.processTypes(TypeVocabulary.of("0", "login"), 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the type 'login' is not one of the process's 3 types (0..2)");
        assertThatThrownBy(() -> TrueIntensity.processTypes(TypeVocabulary.of("3"), 3))
                .hasMessageContaining("'3'");
    }
}
