package io.tempora.trainer.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tempora.pp.BenchmarkProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulationSidecarTest {

    @Test
    void aWrittenSidecarReadsBackAndMapsTimesToTheProcesssSeconds(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("events.csv");
        SimulationSidecar written = SimulatedCsvFile.write(csv, BenchmarkProcesses.hawkes2(), 3, 7, 42);

        assertThat(SimulationSidecar.pathFor(csv)).isEqualTo(dir.resolve("events.csv.process.json"));
        SimulationSidecar read = SimulationSidecar.readFor(csv).orElseThrow();
        assertThat(read).isEqualTo(written);
        assertThat(read).isEqualTo(new SimulationSidecar("hawkes2", 42, 3, 7, SimulatedCsvFile.ORIGIN, 1));
        assertThat(read.benchmark().name()).isEqualTo("hawkes2");
        double originMillis = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        assertThat(read.processTime(originMillis + 2_500)).isEqualTo(2.5);
        assertThat(Files.readAllLines(csv)).hasSize(1 + 3 * 7).first().isEqualTo("entity_id,timestamp,type");
    }

    @Test
    void noSidecarIsEmpty(@TempDir Path dir) throws Exception {
        assertThat(SimulationSidecar.readFor(dir.resolve("plain.csv"))).isEmpty();
    }

    @Test
    void aBrokenSidecarSaysWhichFileAndWhatIsWrong(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("events.csv");
        Path sidecar = SimulationSidecar.pathFor(csv);

        Files.writeString(sidecar, "{\"process\": ");
        assertThatThrownBy(() -> SimulationSidecar.readFor(csv))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(sidecar + " is not JSON");

        Files.writeString(
                sidecar,
                "{\"process\":\"hawkes9\",\"seed\":1,\"entities\":1,\"events_per_entity\":1,"
                        + "\"origin\":\"2026-01-01T00:00:00Z\",\"seconds_per_unit\":1}");
        assertThatThrownBy(() -> SimulationSidecar.readFor(csv))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(sidecar + ": no benchmark process 'hawkes9'")
                .hasMessageContaining("hawkes1");

        Files.writeString(sidecar, "{\"process\":\"hawkes1\",\"seed\":\"one\"}");
        assertThatThrownBy(() -> SimulationSidecar.readFor(csv)).hasMessage(sidecar + ": \"seed\" must be a number");
    }
}
