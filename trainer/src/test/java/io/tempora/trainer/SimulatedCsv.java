package io.tempora.trainer;

import io.tempora.data.EventSequence;
import io.tempora.pp.PointProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Simulated histories written in model-core's CSV format: the process's time unit taken as seconds, every entity
 * starting at the same instant, timestamps as ISO-8601 instants to the nanosecond.
 */
public final class SimulatedCsv {

    /** The instant of simulated time 0. */
    private static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");

    private static final double NANOS_PER_SECOND = 1e9;

    private SimulatedCsv() {}

    /** Simulates {@code entities} histories of {@code events} events each and writes them to {@code file}. */
    public static List<EventSequence> write(Path file, PointProcess process, int entities, int events, long seed)
            throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        List<EventSequence> out = new ArrayList<>();
        StringBuilder csv = new StringBuilder("entity_id,timestamp,type\n");
        for (int e = 0; e < entities; e++) {
            EventSequence s = process.simulate(events, rng.split(), "entity-" + e);
            out.add(s);
            for (int i = 0; i < s.size(); i++) {
                Instant t = ORIGIN.plusNanos(Math.round(s.time(i) * NANOS_PER_SECOND));
                csv.append(s.entityId())
                        .append(',')
                        .append(t)
                        .append(',')
                        .append(s.type(i))
                        .append('\n');
            }
        }
        Files.writeString(file, csv);
        return out;
    }
}
