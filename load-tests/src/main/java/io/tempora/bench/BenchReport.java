package io.tempora.bench;

/**
 * One benchmark reachable as {@code ./bench.sh NAME}.
 *
 * <p>{@link BenchMain} finds the implementation for {@code NAME} by convention: the class
 * {@code io.tempora.bench.<Name>Bench} (first letter upper-cased), so adding a benchmark needs no
 * registry edit. Implementations run their measurements (usually JMH, in this JVM or forked), print
 * whatever human-readable table they like to standard output, and return one JSON object that
 * {@code BenchMain} prints last, prefixed by {@code BENCH }.
 */
public interface BenchReport {

    /**
     * Runs the benchmark.
     *
     * @param args the arguments after the benchmark name on the command line, never null
     * @return one JSON object, on one line, describing the results
     * @throws Exception if the benchmark cannot run; the script then exits non-zero
     */
    String run(String[] args) throws Exception;
}
