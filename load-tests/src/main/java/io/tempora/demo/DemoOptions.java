package io.tempora.demo;

/**
 * The live demo's command line ({@code ./demo.sh NAME=VALUE ...}).
 *
 * @param seconds       seconds of live generation, then drain and stop; 0 runs until Ctrl-C
 * @param entities      simulated entities, each its own marked Hawkes process
 * @param unitMs        wall milliseconds per time unit of the simulated process: the pace of the stream
 *                      (the process has about one event per unit per entity)
 * @param historyUnits  process units simulated before the live stream starts: produced to the events topic ahead of
 *                      the live stream, the first model's training data
 * @param trainSeconds  time budget of the training in each run of the training service
 * @param retrainEvery  seconds from the start of one training run to the start of the next (the first starts with
 *                      the live stream); 0 runs the training service once, for the first model only
 * @param margin        how much lower (nats per event) a retrain's validation NLL must be than the serving
 *                      version's for the training service to publish it
 * @param seed          drives the simulation, the malformed records, the trainer's split and the models'
 *                      initialisation
 * @param console       whether to refresh the live view on the console (off: only the final {@code DEMO} line)
 * @param instances     instances of the streams app, sharing the events topic's partitions (each with its own state
 *                      directory and HTTP port)
 * @param hold          seconds the apps keep serving HTTP after a {@code seconds=N} run has drained, so that they can
 *                      still be queried; 0 stops at once
 */
public record DemoOptions(
        long seconds,
        int entities,
        double unitMs,
        double historyUnits,
        double trainSeconds,
        long retrainEvery,
        double margin,
        long seed,
        boolean console,
        int instances,
        long hold) {

    /**
     * The gate's margin by default: smaller than the sample deployment's 0.01 ({@code deploy/trainer.properties}),
     * because a short warm retrain gains only a little over a first model trained as briefly (figures in
     * docs/decisions.md), and the demo is there to show a roll; {@code margin=0.01} shows the champion kept
     * instead.
     */
    static final double DEFAULT_MARGIN = 0.003;

    /**
     * Defaults: until Ctrl-C, 300 entities, one process unit per second, 180 units of history, 20 s of training per
     * run, a training run every 40 s (the first model, then a retrain about every 40 s: a minute and a half shows the
     * first retrain's decision and, when it publishes, the roll), a margin of {@value #DEFAULT_MARGIN} nats per event.
     */
    public static final DemoOptions DEFAULTS =
            new DemoOptions(0, 300, 1000, 180, 20, 40, DEFAULT_MARGIN, 7, true, 1, 0);

    /** The most app instances the demo runs: each is a Kafka Streams client with its threads, on one machine. */
    static final int MAX_INSTANCES = 4;

    private static final String USAGE = "use seconds=N, entities=N, unit-ms=N, history-units=N, train-s=N, "
            + "retrain-every=N (seconds, 0: no retrain), margin=NATS, seed=N, console=on|off, instances=N, "
            + "hold=N (seconds)";

    public DemoOptions {
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
        if (!(margin >= 0) || !Double.isFinite(margin)) {
            throw new IllegalArgumentException("margin must be a finite number >= 0 (nats per event), was " + margin);
        }
        if (retrainEvery < 0) {
            throw new IllegalArgumentException(
                    "retrain-every must be >= 0 seconds (0: no retrain), was " + retrainEvery);
        }
        if (instances < 1 || instances > MAX_INSTANCES) {
            throw new IllegalArgumentException(
                    "instances must be between 1 and " + MAX_INSTANCES + ", was " + instances);
        }
        if (hold < 0) {
            throw new IllegalArgumentException("hold must be >= 0 seconds, was " + hold);
        }
    }

    /** Parses {@code NAME=VALUE} arguments over {@link #DEFAULTS}. */
    static DemoOptions parse(String... args) {
        long seconds = DEFAULTS.seconds;
        int entities = DEFAULTS.entities;
        double unitMs = DEFAULTS.unitMs;
        double historyUnits = DEFAULTS.historyUnits;
        double trainSeconds = DEFAULTS.trainSeconds;
        long retrainEvery = DEFAULTS.retrainEvery;
        double margin = DEFAULTS.margin;
        long seed = DEFAULTS.seed;
        boolean console = DEFAULTS.console;
        int instances = DEFAULTS.instances;
        long hold = DEFAULTS.hold;
        for (NameValueArgument a : NameValueArgument.parse(args, USAGE)) {
            String v = a.value();
            try {
                switch (a.name()) {
                    case "seconds" -> seconds = Long.parseLong(v);
                    case "entities" -> entities = Integer.parseInt(v);
                    case "unit-ms" -> unitMs = Double.parseDouble(v);
                    case "history-units" -> historyUnits = Double.parseDouble(v);
                    case "train-s" -> trainSeconds = Double.parseDouble(v);
                    case "retrain-every" -> retrainEvery = Long.parseLong(withoutSecondsSuffix(v));
                    case "margin" -> margin = Double.parseDouble(v);
                    case "seed" -> seed = Long.parseLong(v);
                    case "console" -> console = a.onOff();
                    case "instances" -> instances = Integer.parseInt(v);
                    case "hold" -> hold = Long.parseLong(withoutSecondsSuffix(v));
                    default -> throw a.unknown(USAGE);
                }
            } catch (NumberFormatException e) {
                throw a.notANumber(e);
            }
        }
        return new DemoOptions(
                seconds,
                entities,
                unitMs,
                historyUnits,
                trainSeconds,
                retrainEvery,
                margin,
                seed,
                console,
                instances,
                hold);
    }

    /** {@code 60s} and {@code 60} both mean sixty seconds. */
    private static String withoutSecondsSuffix(String v) {
        return v.endsWith("s") ? v.substring(0, v.length() - 1) : v;
    }
}
