package io.tempora.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads event histories from CSV (RFC 4180: comma-separated, fields optionally in double quotes, {@code ""}
 * for a quote inside a quoted field, line breaks allowed inside quotes, CRLF or LF line ends, an optional
 * UTF-8 byte-order mark).
 *
 * <p>The first record is a header {@code entity_id,timestamp,type[,feature...]} (the first three names are
 * checked, case-insensitively; the remaining names become {@link Dataset#featureNames()}). Each following
 * record is one event:
 * <ul>
 *   <li>{@code entity_id}: not blank;</li>
 *   <li>{@code timestamp}: integer epoch milliseconds (e.g. {@code 1706702400000}, at most 2<sup>53</sup> in
 *       magnitude so the {@code double} time is exact) or an ISO-8601 instant with a zone or offset
 *       ({@code 2024-01-31T12:00:00Z}, {@code 2024-01-31T13:00:00.250+01:00}); times become epoch milliseconds,
 *       sub-millisecond digits kept as a fraction;</li>
 *   <li>{@code type}: a type name, not blank; with a fixed vocabulary ({@link #withVocabulary}) it must be one
 *       of it, otherwise the vocabulary is the sorted set of names seen;</li>
 *   <li>features: finite decimal numbers, none missing.</li>
 * </ul>
 * Every record must have as many fields as the header. Every problem is collected with its line and column and
 * reported together in one {@link CsvFormatException}; no row is ever skipped silently. Blank lines count as
 * bad rows except at the very end of the input.
 *
 * <p>Events are grouped by entity (entities in order of first appearance) and sorted by time within an entity;
 * the sort is stable, so events with equal times keep their file order.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class EventCsvReader {

    /** The required first three header names. */
    public static final List<String> REQUIRED_COLUMNS = List.of("entity_id", "timestamp", "type");

    /** The columns before the features: {@link #REQUIRED_COLUMNS}. */
    private static final int FIXED_COLUMNS = 3;

    /** Characters the record parser reads from its input at a time. */
    private static final int BUFFER_CHARS = 1 << 16;

    /** The record parser's pushback slot when it holds no character ({@code -1} is end of input). */
    private static final int NO_PUSHBACK = -2;

    private static final double MAX_EXACT_MILLIS = 0x1p53;

    private final TypeVocabulary vocabulary; // null: build from the data

    private EventCsvReader(TypeVocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    /** A reader that builds the type vocabulary from the names seen (sorted). */
    public static EventCsvReader create() {
        return new EventCsvReader(null);
    }

    /**
     * A reader that maps type names through a fixed vocabulary (e.g. a trained model's); an unknown name is a
     * reported problem.
     */
    public static EventCsvReader withVocabulary(TypeVocabulary vocabulary) {
        return new EventCsvReader(java.util.Objects.requireNonNull(vocabulary, "vocabulary"));
    }

    /**
     * Reads a UTF-8 file.
     *
     * @throws CsvFormatException listing every bad row
     * @throws IOException        if the file cannot be read
     */
    public Dataset read(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads from {@code in} (not closed).
     *
     * @param source a name for the input, used in error messages
     * @throws CsvFormatException listing every bad row
     * @throws IOException        if reading fails
     */
    public Dataset read(Reader in, String source) throws IOException {
        RecordParser parser = new RecordParser(in);
        List<CsvProblem> problems = new ArrayList<>();

        Record header = parser.next(problems);
        if (header == null) {
            problems.add(new CsvProblem(
                    1, 0, "the input is empty; expected a header 'entity_id,timestamp,type[,feature...]'"));
            throw new CsvFormatException(source, problems);
        }
        List<String> featureNames = checkHeader(header, problems);
        int width = header.fields.size();

        Map<String, List<Row>> byEntity = new LinkedHashMap<>();
        Set<String> seenTypes = new TreeSet<>();
        for (Record r = parser.next(problems); r != null; r = parser.next(problems)) {
            if (r.blank) {
                if (!parser.atEnd()) {
                    problems.add(new CsvProblem(r.line, 0, "blank line; every line after the header must be an event"));
                }
                continue;
            }
            Row row = parseRow(r, width, featureNames.size(), problems);
            if (row != null) {
                byEntity.computeIfAbsent(row.entity, e -> new ArrayList<>()).add(row);
                seenTypes.add(row.type);
            }
        }
        if (!problems.isEmpty()) {
            throw new CsvFormatException(source, problems);
        }
        TypeVocabulary types;
        if (vocabulary != null) {
            types = vocabulary;
        } else if (seenTypes.isEmpty()) {
            problems.add(new CsvProblem(1, 0, "no events after the header; cannot build a type vocabulary"));
            throw new CsvFormatException(source, problems);
        } else {
            types = new TypeVocabulary(List.copyOf(seenTypes));
        }

        List<EventSequence> sequences = new ArrayList<>(byEntity.size());
        for (Map.Entry<String, List<Row>> e : byEntity.entrySet()) {
            List<Row> rows = e.getValue();
            rows.sort(Comparator.comparingDouble(Row::time)); // List.sort is stable
            int n = rows.size();
            double[] times = new double[n];
            int[] ids = new int[n];
            double[][] feats = new double[n][];
            for (int i = 0; i < n; i++) {
                Row row = rows.get(i);
                times[i] = row.time;
                ids[i] = types.idOrMinusOne(row.type);
                if (ids[i] < 0) {
                    problems.add(new CsvProblem(
                            row.line, 3, "unknown event type '" + row.type + "'; known types: " + types.summary()));
                    ids[i] = 0;
                }
                feats[i] = row.features;
            }
            sequences.add(new EventSequence(e.getKey(), times, ids, feats));
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparingLong(CsvProblem::line));
            throw new CsvFormatException(source, problems);
        }
        return new Dataset(sequences, types, featureNames);
    }

    private static List<String> checkHeader(Record header, List<CsvProblem> problems) {
        List<String> names = header.fields;
        if (header.blank || names.size() < FIXED_COLUMNS) {
            problems.add(new CsvProblem(
                    header.line,
                    0,
                    "header has " + (header.blank ? 0 : names.size())
                            + " columns; expected at least 'entity_id,timestamp,type'"));
            return List.of();
        }
        for (int c = 0; c < FIXED_COLUMNS; c++) {
            String got = names.get(c).trim();
            if (!got.toLowerCase(Locale.ROOT).equals(REQUIRED_COLUMNS.get(c))) {
                problems.add(new CsvProblem(
                        header.line,
                        c + 1,
                        "header column is '" + got + "'; expected '" + REQUIRED_COLUMNS.get(c) + "'"));
            }
        }
        List<String> features = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int c = FIXED_COLUMNS; c < names.size(); c++) {
            String name = names.get(c).trim();
            if (name.isEmpty()) {
                problems.add(new CsvProblem(header.line, c + 1, "feature column has no name"));
            } else if (!seen.add(name)) {
                problems.add(new CsvProblem(header.line, c + 1, "feature column '" + name + "' appears twice"));
            }
            features.add(name); // only used when there were no header problems
        }
        return features;
    }

    private Row parseRow(Record r, int width, int numFeatures, List<CsvProblem> problems) {
        List<String> f = r.fields;
        if (f.size() != width) {
            problems.add(new CsvProblem(r.line, 0, f.size() + " fields where the header has " + width));
            return null;
        }
        int before = problems.size();
        String entity = f.get(0).trim();
        if (entity.isEmpty()) {
            problems.add(new CsvProblem(r.line, 1, "entity_id is empty"));
        }
        double time = parseTimestamp(f.get(1).trim(), r.line, problems);
        String type = f.get(2).trim();
        if (type.isEmpty()) {
            problems.add(new CsvProblem(r.line, 3, "type is empty"));
        } else if (vocabulary != null && vocabulary.idOrMinusOne(type) < 0) {
            problems.add(new CsvProblem(
                    r.line, 3, "unknown event type '" + type + "'; known types: " + vocabulary.summary()));
        }
        double[] features = new double[numFeatures];
        for (int j = 0; j < numFeatures; j++) {
            String s = f.get(FIXED_COLUMNS + j).trim();
            int column = FIXED_COLUMNS + 1 + j;
            if (s.isEmpty()) {
                problems.add(
                        new CsvProblem(r.line, column, "feature value is missing; every event needs every feature"));
                continue;
            }
            try {
                features[j] = Double.parseDouble(s);
                if (!Double.isFinite(features[j])) {
                    problems.add(new CsvProblem(r.line, column, "feature value '" + s + "' is not finite"));
                }
            } catch (NumberFormatException e) {
                problems.add(new CsvProblem(r.line, column, "feature value '" + s + "' is not a number"));
            }
        }
        return problems.size() == before ? new Row(entity, time, type, features, r.line) : null;
    }

    private static double parseTimestamp(String s, long line, List<CsvProblem> problems) {
        if (s.isEmpty()) {
            problems.add(new CsvProblem(line, 2, "timestamp is empty"));
            return Double.NaN;
        }
        if (isInteger(s)) {
            try {
                long ms = Long.parseLong(s);
                if (Math.abs((double) ms) > MAX_EXACT_MILLIS) {
                    problems.add(new CsvProblem(
                            line, 2, "epoch milliseconds " + s + " exceed 2^53 and would lose precision"));
                    return Double.NaN;
                }
                return ms;
            } catch (NumberFormatException e) {
                problems.add(new CsvProblem(line, 2, "epoch milliseconds " + s + " do not fit in a long"));
                return Double.NaN;
            }
        }
        Optional<Instant> instant = parseInstant(s);
        if (instant.isEmpty()) {
            problems.add(
                    new CsvProblem(
                            line,
                            2,
                            "timestamp '" + s + "' is neither integer epoch milliseconds nor an"
                                    + " ISO-8601 instant with a zone or offset (e.g. 2024-01-31T12:00:00Z or 2024-01-31T13:00:00+01:00)"));
            return Double.NaN;
        }
        Instant t = instant.get();
        double ms = t.getEpochSecond() * 1000.0 + t.getNano() / 1e6;
        if (Math.abs(ms) > MAX_EXACT_MILLIS) {
            problems.add(new CsvProblem(line, 2, "timestamp '" + s + "' is too far from 1970 to be held exactly"));
            return Double.NaN;
        }
        return ms;
    }

    private static Optional<Instant> parseInstant(String s) {
        try {
            return Optional.of(Instant.parse(s));
        } catch (DateTimeParseException ignored) {
            // fall through: Instant.parse accepts only 'Z' on older JDKs
        }
        try {
            return Optional.of(OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException ignored) {
            return Optional.empty();
        }
    }

    private static boolean isInteger(String s) {
        int start = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
        if (start == s.length()) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private record Row(String entity, double time, String type, double[] features, long line) {}

    /** One CSV record: its fields and the line it starts on. */
    private record Record(List<String> fields, long line, boolean blank) {}

    /** RFC 4180 record splitter that tracks physical line numbers. */
    private static final class RecordParser {
        private final Reader in;
        // our own buffer: BufferedReader.read() takes a lock per character (docs/decisions.md)
        private final char[] buf = new char[BUFFER_CHARS];
        private int pos;
        private int len;
        private long line = 1;
        private int pushback = NO_PUSHBACK;
        private boolean first = true;

        RecordParser(Reader in) {
            this.in = in;
        }

        private int read() throws IOException {
            if (pushback != NO_PUSHBACK) {
                int c = pushback;
                pushback = NO_PUSHBACK;
                return c;
            }
            if (pos == len) {
                len = in.read(buf, 0, buf.length);
                pos = 0;
                if (len <= 0) {
                    len = 0;
                    return -1;
                }
            }
            int c = buf[pos++];
            if (first) {
                first = false;
                if (c == '\uFEFF') {
                    return read();
                }
            }
            return c;
        }

        boolean atEnd() throws IOException {
            int c = read();
            pushback = c;
            return c == -1;
        }

        /** The next record, or null at end of input. Quote errors are added to {@code problems}. */
        Record next(List<CsvProblem> problems) throws IOException {
            int c = read();
            if (c == -1) {
                return null;
            }
            long start = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false; // inside quotes
            boolean wasQuoted = false; // current field started with a quote
            boolean afterClose = false; // just closed a quoted field
            boolean reported = false;
            int column = 1;
            while (true) {
                if (quoted) {
                    if (c == -1) {
                        problems.add(new CsvProblem(
                                start, column, "quoted field is not closed before the end of the input"));
                        fields.add(field.toString());
                        return new Record(fields, start, false);
                    }
                    if (c == '"') {
                        int d = read();
                        if (d == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            afterClose = true;
                            c = d;
                            continue;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        field.append((char) c);
                    }
                    c = read();
                    continue;
                }
                if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    wasQuoted = false;
                    afterClose = false;
                    column++;
                } else if (c == '\r' || c == '\n' || c == -1) {
                    if (c == '\r') {
                        int d = read();
                        if (d != '\n') {
                            pushback = d;
                        }
                    }
                    if (c != -1) {
                        line++;
                    }
                    boolean blank = fields.isEmpty() && field.length() == 0 && !wasQuoted;
                    fields.add(field.toString());
                    return new Record(blank ? List.of() : fields, start, blank);
                } else if (c == '"' && field.length() == 0 && !wasQuoted) {
                    quoted = true;
                    wasQuoted = true;
                } else if (afterClose) {
                    if (!reported) {
                        problems.add(new CsvProblem(
                                start,
                                column,
                                "text after the closing quote of a quoted field;"
                                        + " write a quote inside a quoted field as \"\""));
                        reported = true;
                    }
                    field.append((char) c);
                } else if (c == '"') {
                    if (!reported) {
                        problems.add(new CsvProblem(
                                start,
                                column,
                                "quote inside an unquoted field; quote the whole field"
                                        + " and double the inner quote"));
                        reported = true;
                    }
                    field.append((char) c);
                } else {
                    field.append((char) c);
                }
                c = read();
            }
        }
    }
}
