package io.tempora.pp;

import java.util.Objects;

/**
 * A named benchmark process.
 *
 * @param name        short identifier used in benchmark reports (e.g. {@code "hawkes1"})
 * @param description the process in one line, with its parameters
 * @param process     the true process
 */
public record BenchmarkProcess(String name, String description, PointProcess process) {
    public BenchmarkProcess {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(process, "process");
    }
}
