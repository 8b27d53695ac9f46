package io.tempora.trainer.sim;

import io.tempora.data.EventSequence;
import io.tempora.pp.BenchmarkProcess;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Writes a benchmark process's simulated histories as a CSV file in model-core's format
 * ({@link io.tempora.data.EventCsvReader}: {@code entity_id,timestamp,type}), with its {@link SimulationSidecar}.
 * The process's time unit is one second; every history starts at {@link #ORIGIN} with no events; timestamps are
 * ISO-8601 instants to the nanosecond (the reader keeps sub-millisecond digits); type names are the process's type
 * ids ({@code "0".."K-1"}); entities are {@code entity-0, entity-1, ...}, entity {@code e} drawn from the
 * {@code e}-th split of {@code new SplittableRandom(seed)}.
 */
public final class SimulatedCsvFile {

    /** The instant of the process's time 0, as text (a constant, so that help texts can name it). */
    public static final String ORIGIN_TEXT = "2026-01-01T00:00:00Z";

    /** The instant of the process's time 0. */
    public static final Instant ORIGIN = Instant.parse(ORIGIN_TEXT);

    /** Seconds per unit of the process's time. */
    public static final double SECONDS_PER_UNIT = 1;

    private static final double NANOS_PER_SECOND = 1e9;

    private SimulatedCsvFile() {}

    /**
     * Simulates {@code entities} histories of {@code events} events each, writes them to {@code csv} and the
     * sidecar beside it, and returns the sidecar.
     */
    public static SimulationSidecar write(Path csv, BenchmarkProcess process, int entities, int events, long seed)
            throws IOException {
        if (entities < 1 || events < 1) {
            throw new IllegalArgumentException(
                    "a simulation needs at least one entity and one event, got " + entities + " and " + events);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write("entity_id,timestamp,type\n");
            for (int e = 0; e < entities; e++) {
                EventSequence s = process.process().simulate(events, rng.split(), "entity-" + e);
                for (int i = 0; i < s.size(); i++) {
                    long nanos = Math.round(s.time(i) * SECONDS_PER_UNIT * NANOS_PER_SECOND);
                    out.write(s.entityId() + "," + ORIGIN.plusNanos(nanos) + "," + s.type(i) + "\n");
                }
            }
        }
        SimulationSidecar sidecar =
                new SimulationSidecar(process.name(), seed, entities, events, ORIGIN, SECONDS_PER_UNIT);
        sidecar.writeFor(csv);
        return sidecar;
    }
}
