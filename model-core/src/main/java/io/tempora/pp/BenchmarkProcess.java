package io.tempora.pp;

import io.tempora.data.Dataset;
import io.tempora.data.TypeVocabulary;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

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

    /**
     * One simulated sequence of {@code numEvents} events from time 0, drawn with {@code new SplittableRandom(seed)},
     * as a dataset with entity id {@link #name()} and types named {@code "0".."K-1"} (type id = name).
     */
    public Dataset simulate(int numEvents, long seed) {
        return Dataset.of(
                TypeVocabulary.numbered(process.numTypes()),
                List.of(process.simulate(numEvents, new SplittableRandom(seed), name)));
    }
}
