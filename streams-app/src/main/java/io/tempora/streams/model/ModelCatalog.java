package io.tempora.streams.model;

import io.tempora.streams.model.ModelRefusedException.Reason;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Every validated version of every model, the refused ones with their reasons, and which version serves.
 *
 * <p>{@link #serving(String)} is the newest accepted version of a model, unless configuration pins a version for that
 * name: then only that version serves, and while it is not (yet) accepted, no version of that model serves (a pin is
 * an operator's decision; another version is not substituted for it). A refused version changes nothing that serves.
 * Versions must increase: {@link #accept} refuses a version not above the newest accepted one
 * ({@link Reason#NOT_NEWER}), except a re-send of an accepted version with the same checksum, which it ignores.
 * Refused version numbers do not block a later record with the same number.
 *
 * <p>Thread-safe. One writer (the {@link ModelFollower}) and any number of readers: {@link #serving} reads one
 * volatile snapshot and never locks, so stream threads may call it for every record; the other queries lock.
 */
public final class ModelCatalog {

    /** Refusals kept per model name for {@link #refused}; older ones are dropped (the counts keep counting). */
    public static final int MAX_REFUSALS_KEPT = 100;

    private final Map<String, Long> pins;
    private final Object lock = new Object();
    /** Accepted versions by name, then by version number; guarded by {@link #lock}. */
    private final Map<String, NavigableMap<Long, ServingModel>> accepted = new HashMap<>();
    /** Recent refusals by name, oldest first; guarded by {@link #lock}. */
    private final Map<String, Deque<RefusedVersion>> refused = new HashMap<>();
    /** Refusals counted by reason since start; guarded by {@link #lock}. */
    private final Map<Reason, Long> refusalCounts = new EnumMap<>(Reason.class);
    /** The serving version of each model; replaced whole under {@link #lock}, read without it. */
    private volatile Map<String, ServingModel> serving = Map.of();

    /**
     * A catalog in which {@code pins} maps model names to the version that must serve for them (names not in it
     * serve their newest version).
     */
    public ModelCatalog(Map<String, Long> pins) {
        this.pins = Map.copyOf(pins);
    }

    /** A catalog without pins. */
    public static ModelCatalog unpinned() {
        return new ModelCatalog(Map.of());
    }

    /**
     * Adds a validated version; it serves at once if it is the newest (or the pinned) version of its model.
     *
     * @return true if it was added, false if it is a re-send of an accepted version (same number and checksum)
     * @throws ModelRefusedException {@link Reason#NOT_NEWER} if its number is not above the newest accepted version
     */
    public boolean accept(ServingModel model) {
        Objects.requireNonNull(model, "model");
        synchronized (lock) {
            NavigableMap<Long, ServingModel> versions = accepted.computeIfAbsent(model.name(), n -> new TreeMap<>());
            ServingModel same = versions.get(model.version());
            if (same != null && same.checksum().equals(model.checksum())) {
                return false;
            }
            if (!versions.isEmpty() && model.version() <= versions.lastKey()) {
                throw new ModelRefusedException(
                        Reason.NOT_NEWER,
                        model.label() + ": version " + model.version()
                                + " is not above " + versions.lastKey() + ", the newest accepted version of "
                                + model.name()
                                + (same != null
                                        ? " (and has another checksum than the accepted " + model.label() + ")"
                                        : "")
                                + "; versions increase strictly (a rollback is published as a new version)");
            }
            versions.put(model.version(), model);
            publish();
            return true;
        }
    }

    /** Records a refusal; what serves does not change. */
    public void refuse(RefusedVersion refusal) {
        Objects.requireNonNull(refusal, "refusal");
        synchronized (lock) {
            Deque<RefusedVersion> list = refused.computeIfAbsent(refusal.modelName(), n -> new ArrayDeque<>());
            list.addLast(refusal);
            if (list.size() > MAX_REFUSALS_KEPT) {
                list.removeFirst();
            }
            refusalCounts.merge(refusal.reason(), 1L, Long::sum);
        }
    }

    /** The version of {@code modelName} that serves now, if any (see the class comment). Lock-free. */
    public Optional<ServingModel> serving(String modelName) {
        return Optional.ofNullable(serving.get(modelName));
    }

    /** The serving version of every model that has one, by name: an immutable snapshot. Lock-free. */
    public Map<String, ServingModel> servingAll() {
        return serving;
    }

    /** The version pinned for {@code modelName} by configuration, if any. */
    public OptionalLong pinned(String modelName) {
        Long pin = pins.get(modelName);
        return pin == null ? OptionalLong.empty() : OptionalLong.of(pin);
    }

    /** The accepted versions of {@code modelName}, oldest first. */
    public List<ServingModel> versions(String modelName) {
        synchronized (lock) {
            NavigableMap<Long, ServingModel> versions = accepted.get(modelName);
            return versions == null ? List.of() : List.copyOf(versions.values());
        }
    }

    /** The accepted version {@code version} of {@code modelName}, if any. */
    public Optional<ServingModel> version(String modelName, long version) {
        synchronized (lock) {
            NavigableMap<Long, ServingModel> versions = accepted.get(modelName);
            return versions == null ? Optional.empty() : Optional.ofNullable(versions.get(version));
        }
    }

    /** The most recent refusals of {@code modelName} (at most {@link #MAX_REFUSALS_KEPT}), oldest first. */
    public List<RefusedVersion> refused(String modelName) {
        synchronized (lock) {
            Deque<RefusedVersion> list = refused.get(modelName);
            return list == null ? List.of() : List.copyOf(list);
        }
    }

    /** How many versions were refused for each reason (all models, since the catalog was made). */
    public Map<Reason, Long> refusalCounts() {
        synchronized (lock) {
            return Map.copyOf(refusalCounts);
        }
    }

    /** Recomputes the serving snapshot; called under {@link #lock} after every change. */
    private void publish() {
        Map<String, ServingModel> next = new HashMap<>();
        for (Map.Entry<String, NavigableMap<Long, ServingModel>> e : accepted.entrySet()) {
            Long pin = pins.get(e.getKey());
            ServingModel chosen = pin != null
                    ? e.getValue().get(pin)
                    : e.getValue().isEmpty() ? null : e.getValue().lastEntry().getValue();
            if (chosen != null) {
                next.put(e.getKey(), chosen);
            }
        }
        serving = Map.copyOf(next);
    }

    @Override
    public String toString() {
        return "ModelCatalog[serving=" + new ArrayList<>(serving.values()) + ", pins=" + pins + "]";
    }
}
