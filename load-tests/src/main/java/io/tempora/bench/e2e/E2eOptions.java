package io.tempora.bench.e2e;

import io.tempora.demo.NameValueArgument;

/**
 * The command line of {@code ./bench.sh e2e NAME=VALUE ...}.
 *
 * @param events          events in the throughput runs' input (the same input for the baseline and the product)
 * @param entities        simulated entities (keys)
 * @param latencySeconds  how long the paced run at half the product's maximum rate sends events
 * @param seed            drives the simulation of the input
 * @param profile         whether the product's throughput run is profiled with JFR
 * @param streamThreads   stream threads of every app (the baseline's and the product's alike)
 */
public record E2eOptions(
        long events, int entities, double latencySeconds, long seed, boolean profile, int streamThreads) {

    /**
     * Defaults: the input (10,000 entities, 1,000,000 events), 30 s of paced load, profiling on, one stream
     * thread per input partition.
     */
    public static final E2eOptions DEFAULTS = new E2eOptions(1_000_000, 10_000, 30, 11, true, 2);

    private static final String USAGE =
            "use events=N, entities=N, latency-s=SECONDS, seed=N, profile=on|off, stream-threads=N";

    public E2eOptions {
        if (events < 1) {
            throw new IllegalArgumentException("events must be >= 1, was " + events);
        }
        if (entities < 1) {
            throw new IllegalArgumentException("entities must be >= 1, was " + entities);
        }
        if (!(latencySeconds > 0) || !Double.isFinite(latencySeconds)) {
            throw new IllegalArgumentException("latency-s must be finite and > 0, was " + latencySeconds);
        }
        if (streamThreads < 1) {
            throw new IllegalArgumentException("stream-threads must be >= 1, was " + streamThreads);
        }
    }

    /** Parses {@code NAME=VALUE} arguments over {@link #DEFAULTS}. */
    public static E2eOptions parse(String... args) {
        long events = DEFAULTS.events;
        int entities = DEFAULTS.entities;
        double latencySeconds = DEFAULTS.latencySeconds;
        long seed = DEFAULTS.seed;
        boolean profile = DEFAULTS.profile;
        int streamThreads = DEFAULTS.streamThreads;
        for (NameValueArgument a : NameValueArgument.parse(args, USAGE)) {
            String v = a.value();
            try {
                switch (a.name()) {
                    case "events" -> events = Long.parseLong(v.replace("_", ""));
                    case "entities" -> entities = Integer.parseInt(v.replace("_", ""));
                    case "latency-s" -> latencySeconds = Double.parseDouble(v);
                    case "seed" -> seed = Long.parseLong(v);
                    case "profile" -> profile = a.onOff();
                    case "stream-threads" -> streamThreads = Integer.parseInt(v);
                    default -> throw a.unknown(USAGE);
                }
            } catch (NumberFormatException e) {
                throw a.notANumber(e);
            }
        }
        return new E2eOptions(events, entities, latencySeconds, seed, profile, streamThreads);
    }
}
