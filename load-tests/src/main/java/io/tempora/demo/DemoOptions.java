package io.tempora.demo;

import java.util.Locale;

/**
 * The live demo's command line ({@code ./demo.sh NAME=VALUE ...}).
 *
 * @param seconds       seconds of live generation, then drain and stop; 0 runs until Ctrl-C
 * @param entities      simulated entities, each its own marked Hawkes process
 * @param unitMs        wall milliseconds per time unit of the simulated process: the pace of the stream
 *                      (the process has about one event per unit per entity)
 * @param historyUnits  process units simulated before the live stream starts: the first model's training data
 * @param trainSeconds  time budget of the first model's training
 * @param seed          drives the simulation, the malformed records and the model's initialisation
 * @param console       whether to refresh the live view on the console (off: only the final {@code DEMO} line)
 */
record DemoOptions(
        long seconds,
        int entities,
        double unitMs,
        double historyUnits,
        double trainSeconds,
        long seed,
        boolean console) {

    /** Defaults: until Ctrl-C, 300 entities, one process unit per second, 180 units of history, 20 s training. */
    static final DemoOptions DEFAULTS = new DemoOptions(0, 300, 1000, 180, 20, 7, true);

    private static final String USAGE =
            "use seconds=N, entities=N, unit-ms=N, history-units=N, train-s=N, seed=N, " + "console=on|off";

    DemoOptions {
        if (seconds < 0) {
            throw new IllegalArgumentException("seconds must be >= 0 (0: until Ctrl-C), was " + seconds);
        }
        if (entities < 1) {
            throw new IllegalArgumentException("entities must be >= 1, was " + entities);
        }
        if (!(unitMs >= 1) || !Double.isFinite(unitMs)) {
            throw new IllegalArgumentException("unit-ms must be a finite number >= 1, was " + unitMs);
        }
        if (!(historyUnits > 0) || !Double.isFinite(historyUnits)) {
            throw new IllegalArgumentException("history-units must be finite and > 0, was " + historyUnits);
        }
        if (!(trainSeconds > 0) || !Double.isFinite(trainSeconds)) {
            throw new IllegalArgumentException("train-s must be finite and > 0, was " + trainSeconds);
        }
    }

    /** Parses {@code NAME=VALUE} arguments over {@link #DEFAULTS}. */
    static DemoOptions parse(String... args) {
        DemoOptions o = DEFAULTS;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("argument '" + a + "' is not NAME=VALUE: " + USAGE);
            }
            String v = kv[1].trim();
            try {
                o = switch (kv[0].trim().toLowerCase(Locale.ROOT)) {
                    case "seconds" ->
                        new DemoOptions(
                                Long.parseLong(v),
                                o.entities,
                                o.unitMs,
                                o.historyUnits,
                                o.trainSeconds,
                                o.seed,
                                o.console);
                    case "entities" ->
                        new DemoOptions(
                                o.seconds,
                                Integer.parseInt(v),
                                o.unitMs,
                                o.historyUnits,
                                o.trainSeconds,
                                o.seed,
                                o.console);
                    case "unit-ms" ->
                        new DemoOptions(
                                o.seconds,
                                o.entities,
                                Double.parseDouble(v),
                                o.historyUnits,
                                o.trainSeconds,
                                o.seed,
                                o.console);
                    case "history-units" ->
                        new DemoOptions(
                                o.seconds,
                                o.entities,
                                o.unitMs,
                                Double.parseDouble(v),
                                o.trainSeconds,
                                o.seed,
                                o.console);
                    case "train-s" ->
                        new DemoOptions(
                                o.seconds,
                                o.entities,
                                o.unitMs,
                                o.historyUnits,
                                Double.parseDouble(v),
                                o.seed,
                                o.console);
                    case "seed" ->
                        new DemoOptions(
                                o.seconds,
                                o.entities,
                                o.unitMs,
                                o.historyUnits,
                                o.trainSeconds,
                                Long.parseLong(v),
                                o.console);
                    case "console" ->
                        new DemoOptions(
                                o.seconds, o.entities, o.unitMs, o.historyUnits, o.trainSeconds, o.seed, onOff(v));
                    default -> throw new IllegalArgumentException("unknown argument '" + kv[0] + "': " + USAGE);
                };
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("argument '" + a + "': '" + v + "' is not a number", e);
            }
        }
        return o;
    }

    private static boolean onOff(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new IllegalArgumentException("console must be on or off, was '" + v + "'");
        };
    }
}
