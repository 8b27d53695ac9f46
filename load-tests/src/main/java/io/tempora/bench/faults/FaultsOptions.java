package io.tempora.bench.faults;

import io.tempora.demo.NameValueArgument;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The command line of {@code ./bench.sh faults NAME=VALUE ...}.
 *
 * @param parts         the runs to do, in {@link Part}'s order
 * @param malformed     bad records mixed into the malformed-input run's valid stream
 * @param good          valid events of that stream
 * @param entities      simulated entities (keys)
 * @param seed          drives the simulation, the fuzzed bytes and the crash run's kill points
 * @param modelEvents   valid events of the bad-models run's stream
 * @param modelRounds   bad versions of each kind published during it
 * @param restartEvents valid events of the broker-restart run's stream
 * @param downSeconds   how long the killed broker stays down in it
 * @param crashEvents   valid events of the crash run's stream
 * @param crashKills    SIGKILLs of the app during it
 * @param crashRate     its events per second
 * @param soakSeconds   how long the soak runs; 0 leaves it out
 * @param soakRate      its events per second; 0: half the app's maximum rate, measured first
 */
public record FaultsOptions(
        Set<Part> parts,
        long malformed,
        long good,
        int entities,
        long seed,
        long modelEvents,
        int modelRounds,
        long restartEvents,
        double downSeconds,
        long crashEvents,
        int crashKills,
        double crashRate,
        long soakSeconds,
        double soakRate) {

    /** The runs of {@code ./bench.sh faults}, in the order they run. */
    public enum Part {
        MALFORMED,
        MODELS,
        RESTART,
        CRASH,
        SOAK
    }

    /**
     * Defaults: the 10,000 bad records among 40,000 valid events of 1,000 entities; 3 bad versions of each
     * kind during 9,000 events; the broker killed and down for 5 s during 9,000 events; 10 kills of the app during
     * 200,000 events at 2,000/s (about half the product's rate in {@code ./bench.sh e2e} on the 2-core machine,
     * docs/decisions.md); a 5-minute soak at half the rate measured at its start.
     */
    public static final FaultsOptions DEFAULTS = new FaultsOptions(
            EnumSet.allOf(Part.class), 10_000, 40_000, 1_000, 18, 9_000, 3, 9_000, 5, 200_000, 10, 2_000, 300, 0);

    private static final String USAGE = "use parts=malformed,models,restart,crash,soak, malformed=N, good=N, "
            + "entities=N, seed=N, model-events=N, model-rounds=N, restart-events=N, down-s=SECONDS, crash-events=N, "
            + "crash-kills=N, crash-rate=PER_SECOND, soak=SECONDS, soak-rate=PER_SECOND";

    public FaultsOptions {
        parts = parts.isEmpty() ? EnumSet.noneOf(Part.class) : EnumSet.copyOf(parts);
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
        if (crashEvents < 1 || crashKills < 0) {
            throw new IllegalArgumentException(
                    "crash-events must be >= 1 and crash-kills >= 0, were " + crashEvents + ", " + crashKills);
        }
        if (!(crashRate > 0) || !(soakRate >= 0) || soakSeconds < 0) {
            throw new IllegalArgumentException("crash-rate must be > 0, soak-rate and soak >= 0, were " + crashRate
                    + ", " + soakRate + ", " + soakSeconds);
        }
    }

    /** Whether {@code part} runs: named in {@code parts}, and for the soak, a non-zero length. */
    public boolean runs(Part part) {
        return parts.contains(part) && (part != Part.SOAK || soakSeconds > 0);
    }

    /** Parses {@code NAME=VALUE} arguments over {@link #DEFAULTS}. */
    public static FaultsOptions parse(String... args) {
        Set<Part> parts = DEFAULTS.parts;
        long malformed = DEFAULTS.malformed;
        long good = DEFAULTS.good;
        int entities = DEFAULTS.entities;
        long seed = DEFAULTS.seed;
        long modelEvents = DEFAULTS.modelEvents;
        int modelRounds = DEFAULTS.modelRounds;
        long restartEvents = DEFAULTS.restartEvents;
        double downSeconds = DEFAULTS.downSeconds;
        long crashEvents = DEFAULTS.crashEvents;
        int crashKills = DEFAULTS.crashKills;
        double crashRate = DEFAULTS.crashRate;
        long soakSeconds = DEFAULTS.soakSeconds;
        double soakRate = DEFAULTS.soakRate;
        for (NameValueArgument a : NameValueArgument.parse(args, USAGE)) {
            String v = a.value().replace("_", "");
            try {
                switch (a.name()) {
                    case "parts" -> parts = parts(a);
                    case "malformed" -> malformed = Long.parseLong(v);
                    case "good" -> good = Long.parseLong(v);
                    case "entities" -> entities = Integer.parseInt(v);
                    case "seed" -> seed = Long.parseLong(v);
                    case "model-events" -> modelEvents = Long.parseLong(v);
                    case "model-rounds" -> modelRounds = Integer.parseInt(v);
                    case "restart-events" -> restartEvents = Long.parseLong(v);
                    case "down-s" -> downSeconds = Double.parseDouble(v);
                    case "crash-events" -> crashEvents = Long.parseLong(v);
                    case "crash-kills" -> crashKills = Integer.parseInt(v);
                    case "crash-rate" -> crashRate = Double.parseDouble(v);
                    case "soak" -> soakSeconds = Long.parseLong(v);
                    case "soak-rate" -> soakRate = Double.parseDouble(v);
                    default -> throw a.unknown(USAGE);
                }
            } catch (NumberFormatException e) {
                throw a.notANumber(e);
            }
        }
        return new FaultsOptions(
                parts,
                malformed,
                good,
                entities,
                seed,
                modelEvents,
                modelRounds,
                restartEvents,
                downSeconds,
                crashEvents,
                crashKills,
                crashRate,
                soakSeconds,
                soakRate);
    }

    private static Set<Part> parts(NameValueArgument a) {
        Set<Part> parts = EnumSet.noneOf(Part.class);
        for (String name : a.value().split(",")) {
            String n = name.trim().toUpperCase(Locale.ROOT);
            if (!n.isEmpty()) {
                try {
                    parts.add(Part.valueOf(n));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "argument '" + a.argument() + "': no part '" + name.trim() + "'; the parts are "
                                    + Arrays.toString(Part.values()).toLowerCase(Locale.ROOT),
                            e);
                }
            }
        }
        return parts;
    }
}
