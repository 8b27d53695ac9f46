package io.tempora.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code NAME=VALUE} command lines of the demo and the benchmarks: each argument split at its first {@code =},
 * the name trimmed and lower-cased, the value trimmed; a value that is not the number wanted is reported with its
 * argument.
 */
public final class NameValueArgs {

    private NameValueArgs() {}

    /**
     * The arguments in order.
     *
     * @param usage the accepted arguments, appended to the message for an argument without {@code =}
     * @throws IllegalArgumentException for an argument without {@code =}
     */
    public static List<Arg> parse(String[] args, String usage) {
        List<Arg> out = new ArrayList<>(args.length);
        for (String a : args) {
            String[] kv = a.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("argument '" + a + "' is not NAME=VALUE: " + usage);
            }
            out.add(new Arg(a, kv[0].trim().toLowerCase(Locale.ROOT), kv[1].trim()));
        }
        return out;
    }

    /**
     * One argument.
     *
     * @param raw   as given
     * @param name  its name, lower-cased
     * @param value its value
     */
    public record Arg(String raw, String name, String value) {

        public int asInt() {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw notANumber(e);
            }
        }

        public long asLong() {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw notANumber(e);
            }
        }

        public double asDouble() {
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw notANumber(e);
            }
        }

        /** This argument with {@code suffix} (a unit such as {@code s}) removed from the end of its value. */
        public Arg withoutSuffix(String suffix) {
            return value.endsWith(suffix)
                    ? new Arg(raw, name, value.substring(0, value.length() - suffix.length()))
                    : this;
        }

        /** The message for a name the command does not know. */
        public IllegalArgumentException unknown(String usage) {
            return new IllegalArgumentException("unknown argument '" + name + "': " + usage);
        }

        private IllegalArgumentException notANumber(NumberFormatException e) {
            return new IllegalArgumentException("argument '" + raw + "': '" + value + "' is not a number", e);
        }
    }
}
