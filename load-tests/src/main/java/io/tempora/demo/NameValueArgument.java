package io.tempora.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One {@code NAME=VALUE} argument of the demo's and the benchmarks' command lines ({@code ./demo.sh seconds=60},
 * {@code ./bench.sh e2e events=200000}), and the messages that say what is wrong with one.
 *
 * @param argument the argument as given
 * @param name     its name, trimmed and lower-cased
 * @param value    its value, trimmed
 */
public record NameValueArgument(String argument, String name, String value) {

    /**
     * Splits every argument at its first {@code =}.
     *
     * @param usage the accepted names, appended to the message of an argument that is not {@code NAME=VALUE}
     */
    public static List<NameValueArgument> parse(String[] args, String usage) {
        List<NameValueArgument> out = new ArrayList<>(args.length);
        for (String a : args) {
            String[] kv = a.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("argument '" + a + "' is not NAME=VALUE: " + usage);
            }
            out.add(new NameValueArgument(a, kv[0].trim().toLowerCase(Locale.ROOT), kv[1].trim()));
        }
        return out;
    }

    /** The error for a value that was to be a number. */
    public IllegalArgumentException notANumber(NumberFormatException cause) {
        return new IllegalArgumentException("argument '" + argument + "': '" + value + "' is not a number", cause);
    }

    /** The error for a name that is not one of {@code usage}'s. */
    public IllegalArgumentException unknown(String usage) {
        return new IllegalArgumentException("unknown argument '" + name + "': " + usage);
    }

    /** The value as a switch: {@code on} or {@code true}, {@code off} or {@code false}. */
    public boolean onOff() {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be on or off, was '" + value + "'");
        };
    }
}
