package io.tempora.trainer.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.pp.BenchmarkProcesses;
import io.tempora.trainer.CsvInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The true process's likelihood of a simulated file, against closed forms and sums written out by hand. */
class TrueLikelihoodTest {

    private static final double MILLIS_PER_SECOND = 1000;
    private static final double TOLERANCE = 1e-12;

    @Test
    void aRateOnePoissonFileScoresMinusItsSpanPerScoredEvent(@TempDir Path dir) throws Exception {
        // lambda = 1 per second: each scored event adds log 1 - (t_i - t_{i-1}), a sequence -(T - t_1) in seconds.
        Path csv = dir.resolve("poisson.csv");
        SimulatedCsvFile.write(csv, BenchmarkProcesses.stationaryPoisson(), 3, 25, 4);
        Dataset data = CsvInputs.readTraining(csv);
        double span = 0;
        for (EventSequence s : data.sequences()) {
            span += (s.time(s.size() - 1) - s.time(0)) / MILLIS_PER_SECOND;
        }

        TrueLikelihood t = TrueLikelihood.of(SimulationSidecar.readFor(csv).orElseThrow(), data);

        assertThat(t.events()).isEqualTo(3 * 24);
        assertThat(t.nllPerEvent()).isCloseTo(span / (3 * 24), within(TOLERANCE));
        assertThat(t.nllTimePerEvent()).isEqualTo(t.nllPerEvent());
        assertThat(t.nllTypePerEvent()).isZero();
        assertThat(t.process()).isEqualTo("stationary_poisson");
    }

    @Test
    void aTinyHawkesFileScoresTheHandComputedSum(@TempDir Path dir) throws Exception {
        // hawkes1: lambda(t) = 0.2 + sum_{t_i < t} 0.8 e^{-(t - t_i)}; Lambda(a, b) = 0.2 (b - a)
        // + sum_{t_i <= a} 0.8 (e^{-(a - t_i)} - e^{-(b - t_i)}). Entity a: 0.5, 1, 2 s; entity b: 0.25, 3 s.
        Path csv = dir.resolve("hawkes.csv");
        Files.writeString(csv, """
                entity_id,timestamp,type
                a,2026-01-01T00:00:00.500Z,0
                a,2026-01-01T00:00:01Z,0
                a,2026-01-01T00:00:02Z,0
                b,2026-01-01T00:00:00.250Z,0
                b,2026-01-01T00:00:03Z,0
                """);
        new SimulationSidecar("hawkes1", 1, 2, 3, SimulatedCsvFile.ORIGIN, 1).writeFor(csv);
        double e = Math.E;
        double logLambdas = Math.log(0.2 + 0.8 * Math.exp(-0.5))
                + Math.log(0.2 + 0.8 * (Math.exp(-1.5) + Math.exp(-1)))
                + Math.log(0.2 + 0.8 * Math.exp(-2.75));
        double compensators = (0.2 * 0.5 + 0.8 * (1 - Math.exp(-0.5)))
                + (0.2 * 1 + 0.8 * ((Math.exp(-0.5) - Math.exp(-1.5)) + (1 - 1 / e)))
                + (0.2 * 2.75 + 0.8 * (1 - Math.exp(-2.75)));

        TrueLikelihood t = TrueLikelihood.of(SimulationSidecar.readFor(csv).orElseThrow(), CsvInputs.readTraining(csv));

        assertThat(t.events()).isEqualTo(3);
        assertThat(t.nllPerEvent()).isCloseTo(-(logLambdas - compensators) / 3, within(TOLERANCE));
        assertThat(t.nllTimePerEvent()).isCloseTo(t.nllPerEvent(), within(TOLERANCE));
        assertThat(t.nllTypePerEvent()).isZero();
    }

    @Test
    void aMarkedFilesTypePartIsTheLogOfEachTypesShareOfTheIntensity(@TempDir Path dir) throws Exception {
        // hawkes3type's first two events (types 0 then 2 at 1 s and 2 s), scored from the second:
        // lambda_k(2) = mu_k + alpha[k][0] * 1.5 e^{-1.5}, per unit excitation kernel alpha beta e^{-beta s}.
        Path csv = dir.resolve("three.csv");
        Files.writeString(csv, """
                entity_id,timestamp,type
                a,2026-01-01T00:00:01Z,0
                a,2026-01-01T00:00:02Z,2
                """);
        new SimulationSidecar("hawkes3type", 1, 1, 2, SimulatedCsvFile.ORIGIN, 1).writeFor(csv);
        double[] mu = {0.1, 0.2, 0.15};
        double[] alphaFrom0 = {0.3, 0.1, 0};
        double[] lambda = new double[3];
        double total = 0;
        for (int k = 0; k < 3; k++) {
            lambda[k] = mu[k] + alphaFrom0[k] * 1.5 * Math.exp(-1.5);
            total += lambda[k];
        }

        TrueLikelihood t = TrueLikelihood.of(SimulationSidecar.readFor(csv).orElseThrow(), CsvInputs.readTraining(csv));

        assertThat(t.nllTypePerEvent()).isCloseTo(-Math.log(lambda[2] / total), within(TOLERANCE));
        assertThat(t.nllTimePerEvent() + t.nllTypePerEvent()).isCloseTo(t.nllPerEvent(), within(TOLERANCE));
    }

    @Test
    void aSidecarWhoseProcessHasOtherTypesGivesNothingAndSaysWhy(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("three.csv");
        SimulatedCsvFile.write(csv, BenchmarkProcesses.hawkes3Type(), 2, 30, 1);
        new SimulationSidecar("hawkes1", 1, 2, 30, SimulatedCsvFile.ORIGIN, 1).writeFor(csv);
        List<String> notes = new ArrayList<>();

        assertThat(TrueLikelihood.forFile(csv, CsvInputs.readTraining(csv), notes::add))
                .isEmpty();

        assertThat(notes).singleElement().asString().contains("hawkes1", "is not one of the process", "type '");
    }

    @Test
    void aFileWithoutASidecarGivesNothingSilently(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("plain.csv");
        Files.writeString(csv, "entity_id,timestamp,type\na,1000,x\na,2000,x\n");
        List<String> notes = new ArrayList<>();

        assertThat(TrueLikelihood.forFile(csv, CsvInputs.readTraining(csv), notes::add))
                .isEmpty();
        assertThat(notes).isEmpty();
    }
}
