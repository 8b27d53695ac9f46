package io.tempora.bench.faults;

import io.tempora.demo.NameValueArgument;

/**
 * The command line of {@code ./bench.sh faults NAME=VALUE ...}.
 *
 * @param malformed bad records mixed into the malformed-input run's valid stream
 * @param good      valid events of that stream
 * @param entities  simulated entities (keys)
 * @param seed      drives the simulation and the fuzzed bytes
 * @param modelEvents valid events of the bad-models run's stream
 * @param modelRounds bad versions of each kind published during it
 * @param restartEvents valid events of the broker-restart run's stream
 * @param downSeconds  how long the broker stays down in it
 */
public record FaultsOptions(
        long malformed,
        long good,
        int entities,
        long seed,
        long modelEvents,
        int modelRounds,
        long restartEvents,
        double downSeconds) {

    /**
     * Defaults: the 10,000 bad records among 40,000 valid events of 1,000 entities; 3 bad versions of each
     * kind during 9,000 events; the broker down for 5 s during 9,000 events: a few minutes' run.
     */
    public static final FaultsOptions DEFAULTS = new FaultsOptions(10_000, 40_000, 1_000, 18, 9_000, 3, 9_000, 5);

    private static final String USAGE =
            "use malformed=N, good=N, entities=N, seed=N, model-events=N, model-rounds=N, restart-events=N, down-s=SECONDS";

    public FaultsOptions {
        if (malformed < 0) {
            throw new IllegalArgumentException("malformed must be >= 0, was " + malformed);
        }
        if (good < 1) {
            throw new IllegalArgumentException("good must be >= 1, was " + good);
        }
        if (entities < 2) {
            throw new IllegalArgumentException(
                    "entities must be >= 2 (a wrong key is another entity's), was " + entities);
        }
    }

    /** Parses {@code NAME=VALUE} arguments over {@link #DEFAULTS}. */
    public static FaultsOptions parse(String... args) {
        long malformed = DEFAULTS.malformed;
        long good = DEFAULTS.good;
        int entities = DEFAULTS.entities;
        long seed = DEFAULTS.seed;
        long modelEvents = DEFAULTS.modelEvents;
        int modelRounds = DEFAULTS.modelRounds;
        long restartEvents = DEFAULTS.restartEvents;
        double downSeconds = DEFAULTS.downSeconds;
        for (NameValueArgument a : NameValueArgument.parse(args, USAGE)) {
            String v = a.value().replace("_", "");
            try {
                switch (a.name()) {
                    case "malformed" -> malformed = Long.parseLong(v);
                    case "good" -> good = Long.parseLong(v);
                    case "entities" -> entities = Integer.parseInt(v);
                    case "seed" -> seed = Long.parseLong(v);
                    case "model-events" -> modelEvents = Long.parseLong(v);
                    case "model-rounds" -> modelRounds = Integer.parseInt(v);
                    case "restart-events" -> restartEvents = Long.parseLong(v);
                    case "down-s" -> downSeconds = Double.parseDouble(v);
                    default -> throw a.unknown(USAGE);
                }
            } catch (NumberFormatException e) {
                throw a.notANumber(e);
            }
        }
        return new FaultsOptions(malformed, good, entities, seed, modelEvents, modelRounds, restartEvents, downSeconds);
    }
}
