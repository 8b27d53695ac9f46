package io.tempora.trainer.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tempora.pp.BenchmarkProcess;
import io.tempora.pp.BenchmarkProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code ./tempora simulate} writes beside a CSV file, as {@code FILE.process.json}: the benchmark process the
 * events came from, its seed and how the process's time maps to the file's timestamps. With it {@code fit}'s
 * report recomputes the true conditional intensity along the file's sequences (it depends on the events only, not
 * on the seed, which is kept so that the file can be made again).
 *
 * @param process         the {@link BenchmarkProcess#name()}
 * @param seed            the simulation's seed
 * @param entities        the number of histories
 * @param eventsPerEntity the events in each history
 * @param origin          the instant of the process's time 0, where every history starts with no events
 * @param secondsPerUnit  seconds per unit of the process's time
 */
public record SimulationSidecar(
        String process, long seed, int entities, int eventsPerEntity, Instant origin, double secondsPerUnit) {

    /** Appended to the CSV file's name. */
    public static final String SUFFIX = ".process.json";

    private static final double MILLIS_PER_SECOND = 1000;
    private static final double MILLIS_PER_NANO = 1e-6;
    private static final ObjectMapper JSON = new ObjectMapper();

    public SimulationSidecar {
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(origin, "origin");
        if (!(secondsPerUnit > 0) || !Double.isFinite(secondsPerUnit)) {
            throw new IllegalArgumentException("seconds_per_unit must be finite and > 0, got " + secondsPerUnit);
        }
    }

    /** The sidecar's path for {@code csv}: the same folder, the file's name plus {@link #SUFFIX}. */
    public static Path pathFor(Path csv) {
        return csv.resolveSibling(csv.getFileName() + SUFFIX);
    }

    /** The benchmark process named, from {@link BenchmarkProcesses}. */
    public BenchmarkProcess benchmark() {
        return BenchmarkProcesses.named(process);
    }

    /** The process's time of a CSV time (epoch milliseconds, as {@link io.tempora.data.EventCsvReader} gives). */
    public double processTime(double epochMillis) {
        double originMillis = origin.getEpochSecond() * MILLIS_PER_SECOND + origin.getNano() * MILLIS_PER_NANO;
        return (epochMillis - originMillis) / MILLIS_PER_SECOND / secondsPerUnit;
    }

    /** Writes this sidecar for {@code csv} ({@link #pathFor}). */
    public void writeFor(Path csv) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("process", process);
        o.put("seed", seed);
        o.put("entities", entities);
        o.put("events_per_entity", eventsPerEntity);
        o.put("origin", origin.toString());
        o.put("seconds_per_unit", secondsPerUnit);
        Files.writeString(pathFor(csv), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n");
    }

    /**
     * The sidecar of {@code csv}, or empty when there is none.
     *
     * @throws IOException              if it cannot be read
     * @throws IllegalArgumentException if it is not a sidecar this build writes (the message names the file and
     *                                  what is wrong), or names an unknown process
     */
    public static Optional<SimulationSidecar> readFor(Path csv) throws IOException {
        Path file = pathFor(csv);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode o;
        try {
            o = JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not JSON: " + e.getOriginalMessage(), e);
        }
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException(file + " is not a JSON object");
        }
        try {
            SimulationSidecar s = new SimulationSidecar(
                    text(o, "process"),
                    number(o, "seed").longValue(),
                    number(o, "entities").intValue(),
                    number(o, "events_per_entity").intValue(),
                    Instant.parse(text(o, "origin")),
                    number(o, "seconds_per_unit").doubleValue());
            s.benchmark(); // an unknown name fails here, with the known ones
            return Optional.of(s);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a string");
        }
        return v.asText();
    }

    private static Number number(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a number");
        }
        return v.numberValue();
    }
}
