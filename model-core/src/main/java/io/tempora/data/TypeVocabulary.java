package io.tempora.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The event types of a dataset or model: names and their dense ids {@code 0..K-1} (id = position in
 * {@link #names()}). Immutable; look-ups by name are hash-based. Equal when the names are equal in order.
 */
public final class TypeVocabulary {

    /** How many names {@link #summary()} shows. */
    static final int SUMMARY_NAMES = 5;

    /** The longest name {@link #summary()} shows in full. */
    static final int SUMMARY_NAME_CHARS = 40;

    private final List<String> names;
    private final Map<String, Integer> ids;

    /** @param names the type names, distinct and not blank; at least one */
    public TypeVocabulary(List<String> names) {
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a type vocabulary needs at least one type");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name.isBlank()) {
                throw new IllegalArgumentException("type " + i + " has a blank name");
            }
            Integer previous = seen.put(name, i);
            if (previous != null) {
                throw new IllegalArgumentException(
                        "type name '" + name + "' appears twice (ids " + previous + " and " + i + ")");
            }
        }
        this.names = names;
        this.ids = Map.copyOf(seen);
    }

    /** The names, id = position. */
    public List<String> names() {
        return names;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TypeVocabulary v && names.equals(v.names);
    }

    @Override
    public int hashCode() {
        return names.hashCode();
    }

    @Override
    public String toString() {
        return "TypeVocabulary" + names;
    }

    /** A vocabulary of the given names, ids in argument order. */
    public static TypeVocabulary of(String... names) {
        return new TypeVocabulary(List.of(names));
    }

    /** Types named {@code "0", "1", ..., "K-1"}: for simulated data. */
    public static TypeVocabulary numbered(int numTypes) {
        if (numTypes < 1) {
            throw new IllegalArgumentException("numTypes must be >= 1, got " + numTypes);
        }
        return new TypeVocabulary(
                IntStream.range(0, numTypes).mapToObj(Integer::toString).toList());
    }

    /** Number of types {@code K}. */
    public int size() {
        return names.size();
    }

    /** The name of type {@code id}. */
    public String name(int id) {
        Objects.checkIndex(id, names.size());
        return names.get(id);
    }

    /**
     * A short description for messages: the number of types and the first {@value #SUMMARY_NAMES} names (each cut
     * to {@value #SUMMARY_NAME_CHARS} characters), e.g. {@code 3 types (a, b, c)}. Bounded whatever the
     * vocabulary's size, so that a message per bad row does not grow with the vocabulary.
     */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(names.size()).append(names.size() == 1 ? " type (" : " types (");
        int shown = Math.min(SUMMARY_NAMES, names.size());
        for (int i = 0; i < shown; i++) {
            String name = names.get(i);
            sb.append(i == 0 ? "" : ", ")
                    .append(name.length() > SUMMARY_NAME_CHARS ? name.substring(0, SUMMARY_NAME_CHARS) + "..." : name);
        }
        return sb.append(shown < names.size() ? ", ...)" : ")").toString();
    }

    /** The id of {@code name}, or -1 if it is not in the vocabulary. */
    public int idOrMinusOne(String name) {
        Integer id = ids.get(name);
        return id == null ? -1 : id;
    }

    /**
     * The id of {@code name}.
     *
     * @throws IllegalArgumentException if the name is unknown, with a {@link #summary()} of the known names
     */
    public int id(String name) {
        int id = idOrMinusOne(name);
        if (id < 0) {
            throw new IllegalArgumentException("unknown event type '" + name + "'; known types: " + summary());
        }
        return id;
    }
}
