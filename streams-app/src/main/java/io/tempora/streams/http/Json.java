package io.tempora.streams.http;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * A small JSON writer for the HTTP answers: maps, lists, strings, numbers, booleans, instants (ISO-8601
 * strings) and Avro records (an object of their fields, in schema order, so that a query's prediction has
 * the fields of the {@code Prediction} record). A number that is not finite is written as {@code null},
 * since JSON has no NaN or infinity.
 */
final class Json {

    private Json() {}

    /** {@code value} as JSON text. */
    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString();
    }

    /**
     * The JSON object {@code object} (text as {@link #write} makes it) with {@code fields} added after its own,
     * so that an answer can be annotated (marked stale) without being parsed and written again.
     */
    static String withFields(String object, Map<String, ?> fields) {
        String trimmed = object.strip();
        if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) {
            throw new IllegalArgumentException("not a JSON object: " + object);
        }
        StringBuilder out = new StringBuilder(trimmed.substring(0, trimmed.length() - 1));
        boolean first = trimmed.substring(1, trimmed.length() - 1).isBlank();
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            first = comma(out, first);
            string(out, e.getKey());
            out.append(':');
            append(out, e.getValue());
        }
        return out.append('}').toString();
    }

    private static void append(StringBuilder out, Object v) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            out.append(Double.isFinite(d) ? Double.toString(d) : "null");
        } else if (v instanceof Number || v instanceof Boolean) {
            out.append(v);
        } else if (v instanceof Instant || v instanceof CharSequence || v instanceof Enum<?>) {
            string(out, v.toString());
        } else if (v instanceof OptionalLong o) {
            append(out, o.isPresent() ? (Object) o.getAsLong() : null);
        } else if (v instanceof Optional<?> o) {
            append(out, o.orElse(null));
        } else if (v instanceof SpecificRecord r) {
            out.append('{');
            boolean first = true;
            for (Schema.Field f : r.getSchema().getFields()) {
                first = comma(out, first);
                string(out, f.name());
                out.append(':');
                append(out, r.get(f.pos()));
            }
            out.append('}');
        } else if (v instanceof Map<?, ?> m) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                first = comma(out, first);
                string(out, String.valueOf(e.getKey()));
                out.append(':');
                append(out, e.getValue());
            }
            out.append('}');
        } else if (v instanceof Collection<?> c) {
            out.append('[');
            boolean first = true;
            for (Object e : c) {
                first = comma(out, first);
                append(out, e);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException(
                    "no JSON form for " + v.getClass().getName());
        }
    }

    private static boolean comma(StringBuilder out, boolean first) {
        if (!first) {
            out.append(',');
        }
        return false;
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
