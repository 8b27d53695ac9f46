package io.tempora.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Named parameter tensors laid out, in the order they were added, in one flat {@code double[]}:
 * the single source of truth for a model's parameters, saved, loaded, diffed and optimised as one
 * vector.
 *
 * <h2>One set of parameters, two execution paths</h2>
 * The master copy is the Java-heap array {@link #values()}. The single-sample ("plain") path reads
 * it directly, so it sees every change at once and never touches ND4J. The batched path reads an
 * ND4J mirror ({@link NdParameters}) which copies the master whenever {@link #version()} has moved
 * since its last copy; batched layers check this at the start of every forward pass. Whoever writes
 * into {@link #values()} directly must call {@link #markModified()} afterwards; {@link Adam},
 * {@link #setAll(double[])} and {@link #initialise(long)} do so themselves. The copy costs one
 * pass over the vector per optimiser step, which is negligible next to a batched forward pass.
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
     * The live master vector (not a copy). Read freely; after writing call {@link #markModified()}
     * so the ND4J mirror refreshes.
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
            throw new IllegalArgumentException("parameter vector has length " + newValues.length
                    + " but this set has " + values.length + " parameters; was it saved from a model of another shape?");
        }
        System.arraycopy(newValues, 0, values, 0, values.length);
        markModified();
    }

    /** Counts modifications; the ND4J mirror compares it with the version it last copied. */
    public long version() {
        return version;
    }

    /** Records that {@link #values()} changed, so mirrors refresh before their next use. */
    public void markModified() {
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

        private Builder() {
        }

        /** Adds a tensor; names must be unique. Returns its handle (offset into the flat vector). */
        public Parameter add(String name, Initialisation initialisation, int... shape) {
            if (built) {
                throw new IllegalStateException("builder already built; create a new one to add '" + name + "'");
            }
            if (byName.containsKey(name)) {
                throw new IllegalArgumentException("duplicate parameter name '" + name
                        + "'; give each layer a distinct name prefix");
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
