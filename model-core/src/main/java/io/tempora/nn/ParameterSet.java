package io.tempora.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Named parameter tensors laid out, in the order they were added, in one flat {@code double[]}:
 * the single source of truth for a model's parameters, saved, loaded, diffed and optimised as one
 * vector.
 *
 * <h2>One master vector, read directly or through caches</h2>
 * The master copy is the Java-heap array {@link #values()}, which readers read in place. The plain
 * layers read it on every call; the streaming kernels ({@code FusedDynamics}, {@code FusedJump}, the
 * scorer's fixed point) and model-nd4j's ND4J mirror keep packed or derived copies, which they rebuild
 * when {@link #version()} has moved since they last did: one comparison per use, never a pass over the
 * vector. So every write moves the version: {@link #values()} is read-only by contract, and the
 * parameters change only through {@link #set(int, double)}, {@link #setAll(double[])},
 * {@link #update(Consumer)}, {@link #initialise(long)} and {@link Adam#step}, each of which moves the
 * version itself. There is no separate "mark modified" step a writer could forget.
 *
 * <p>Not thread-safe: one writer (the optimiser) and readers on the same thread, or external
 * synchronisation.
 */
public final class ParameterSet {

    private final List<Parameter> parameters;
    private final Map<String, Parameter> byName;
    private final double[] values;
    private long version;

    private ParameterSet(List<Parameter> parameters) {
        this.parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
        Map<String, Parameter> map = new LinkedHashMap<>();
        int size = 0;
        for (Parameter p : parameters) {
            map.put(p.name(), p);
            size = p.offset() + p.size();
        }
        this.byName = Collections.unmodifiableMap(map);
        this.values = new double[size];
    }

    /** A builder; layers register their tensors through it (e.g. {@link Linear#define}). */
    public static Builder builder() {
        return new Builder();
    }

    /** Total number of scalar parameters. */
    public int size() {
        return values.length;
    }

    /** The tensors in layout order. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** The tensor called {@code name}; throws if there is none. */
    public Parameter parameter(String name) {
        Parameter p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter named '" + name + "'; known: " + byName.keySet());
        }
        return p;
    }

    /**
     * The live master vector (not a copy), to read. Do not write into it: caches would not see the
     * change; write through {@link #set}, {@link #setAll} or {@link #update} instead.
     */
    public double[] values() {
        return values;
    }

    /** A copy of the flat vector (for saving or diffing). */
    public double[] copyValues() {
        return values.clone();
    }

    /** Replaces every value (for loading); {@code newValues.length} must equal {@link #size()}. */
    public void setAll(double[] newValues) {
        if (newValues.length != values.length) {
            throw new IllegalArgumentException("parameter vector has length " + newValues.length + " but this set has "
                    + values.length + " parameters; was it saved from a model of another shape?");
        }
        System.arraycopy(newValues, 0, values, 0, values.length);
        markModified();
    }

    /** Writes {@code values()[index] = value} and moves the {@link #version()}. */
    public void set(int index, double value) {
        values[index] = value;
        markModified();
    }

    /**
     * Lets {@code editor} write into the live vector, then moves the {@link #version()}: also when the
     * editor throws, since it may have written part of its change. The editor must not keep the array.
     */
    public void update(Consumer<double[]> editor) {
        try {
            editor.accept(values);
        } finally {
            markModified();
        }
    }

    /**
     * Counts modifications: caches of the parameters compare it with the version they were built
     * from, and rebuild when it has moved.
     */
    public long version() {
        return version;
    }

    /** Records that {@link #values()} changed (for the writers in this package, e.g. {@link Adam}). */
    void markModified() {
        version++;
    }

    /**
     * Fills every tensor from one {@link SplittableRandom} seeded with {@code seed}, in layout order,
     * each according to its {@link Initialisation}. The same seed and layout give the same values.
     */
    public void initialise(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (Parameter p : parameters) {
            p.initialisation().fill(values, p.offset(), p.shape(), rng);
        }
        markModified();
    }

    /** A zero gradient with this set's layout. */
    public Gradient newGradient() {
        return new Gradient(this);
    }

    /** True when {@code other} has the same tensors (names, shapes, order). */
    public boolean sameLayout(ParameterSet other) {
        return parameters.equals(other.parameters);
    }

    @Override
    public String toString() {
        return "ParameterSet" + parameters + " (" + values.length + " values)";
    }

    /** Registers tensors in order; each gets the next slice of the flat vector. */
    public static final class Builder {
        private final List<Parameter> parameters = new ArrayList<>();
        private final Map<String, Parameter> byName = new LinkedHashMap<>();
        private int size;
        private boolean built;

        private Builder() {}

        /** Adds a tensor; names must be unique. Returns its handle (offset into the flat vector). */
        public Parameter add(String name, Initialisation initialisation, int... shape) {
            if (built) {
                throw new IllegalStateException("builder already built; create a new one to add '" + name + "'");
            }
            if (byName.containsKey(name)) {
                throw new IllegalArgumentException(
                        "duplicate parameter name '" + name + "'; give each layer a distinct name prefix");
            }
            Parameter p = new Parameter(name, shape, size, initialisation);
            size = Math.addExact(size, p.size());
            parameters.add(p);
            byName.put(name, p);
            return p;
        }

        /** The set, all zeros; call {@link ParameterSet#initialise(long)} next. */
        public ParameterSet build() {
            if (parameters.isEmpty()) {
                throw new IllegalStateException("no parameters registered; define at least one layer first");
            }
            built = true;
            return new ParameterSet(parameters);
        }

        @Override
        public String toString() {
            return "ParameterSet.Builder" + parameters + " (" + size + " values)";
        }
    }
}
