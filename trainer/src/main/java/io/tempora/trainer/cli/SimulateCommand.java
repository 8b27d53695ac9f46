package io.tempora.trainer.cli;

import io.tempora.pp.BenchmarkProcess;
import io.tempora.pp.BenchmarkProcesses;
import io.tempora.trainer.sim.SimulatedCsvFile;
import io.tempora.trainer.sim.SimulationSidecar;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tempora simulate}: writes histories simulated from one of model-core's benchmark processes as a CSV file
 * that {@code fit} and {@code evaluate} read, with the sidecar ({@link SimulationSidecar}) from which {@code fit}'s
 * report draws the true intensity.
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Simulates event histories from a benchmark process (time unit one second, every history starting "
                    + "at " + SimulatedCsvFile.ORIGIN_TEXT + " with no events) and writes them to --out as CSV "
                    + "(entity_id,timestamp,type), with a sidecar FILE.process.json naming the process and seed: "
                    + "fit plots the true intensity from it."
        })
final class SimulateCommand implements Callable<Integer> {

    @Option(
            names = "--process",
            required = true,
            paramLabel = "NAME",
            completionCandidates = ProcessNames.class,
            description = "The process, one of: ${COMPLETION-CANDIDATES}.")
    private String process;

    @Option(names = "--entities", paramLabel = "N", description = "Histories to simulate (default: ${DEFAULT-VALUE}).")
    private int entities = 10;

    @Option(names = "--events", paramLabel = "M", description = "Events in each history (default: ${DEFAULT-VALUE}).")
    private int events = 100;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the simulation (default: ${DEFAULT-VALUE}).")
    private long seed = 1;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The CSV file to write.")
    private Path out;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    SimulateCommand() {}

    @Override
    public Integer call() throws IOException {
        if (entities < 1 || events < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--entities and --events must be >= 1");
        }
        BenchmarkProcess benchmark;
        try {
            benchmark = BenchmarkProcesses.named(process);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--process: " + e.getMessage());
        }
        SimulatedCsvFile.write(out, benchmark, entities, events, seed);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(
                Locale.ROOT,
                "wrote %s: %d histories of %d events from %s (%s), seed %d; sidecar %s%n",
                out,
                entities,
                events,
                benchmark.name(),
                benchmark.description(),
                seed,
                SimulationSidecar.pathFor(out));
        stdout.flush();
        return 0;
    }

    /** The benchmark processes' names, for {@code --help}. */
    static final class ProcessNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return BenchmarkProcesses.all().stream().map(BenchmarkProcess::name).iterator();
        }
    }
}
