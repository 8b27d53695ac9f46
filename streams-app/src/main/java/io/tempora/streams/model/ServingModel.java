package io.tempora.streams.model;

import io.tempora.model.EntityState;
import io.tempora.model.EventModel;
import io.tempora.model.PredictionBuffer;
import io.tempora.model.StreamingScorer;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One validated model version, as the {@link ModelCatalog} hands it to stream threads: immutable, shared by every
 * thread.
 *
 * <h2>Thread-safety</h2>
 * {@link #model()} is shared and read-only: nothing may write into its {@code parameters().values()} (copy it with
 * {@code model().withVersion(...)} to change it). Building a {@link StreamingScorer} only reads the model (the
 * scorer's packed kernels, fixed point and tail expansion are its own), so any number of threads may build scorers
 * from one {@code ServingModel} concurrently; each scorer is then confined to the thread that built it. The catalog
 * publishes a version through a volatile field after the model's last write, so a thread that obtains it from the
 * catalog sees its parameters complete.
 *
 * @param name          the model name (the record key of {@code model-parameters})
 * @param version       the version number, strictly increasing per name
 * @param model         the model; its {@link EventModel#version()} is {@link #label(String, long) name@version}
 * @param checksum      the version's tensor checksum ({@code sha256:…}), which identifies its parameters
 * @param createdAt     when the trainer produced it
 * @param parentVersion the version it was trained from, if any
 * @param signed        whether its signature was checked against a configured key
 */
public record ServingModel(
        String name,
        long version,
        EventModel model,
        String checksum,
        Instant createdAt,
        OptionalLong parentVersion,
        boolean signed) {

    /** The separator between name and version in {@link #label}. */
    public static final String LABEL_SEPARATOR = "@";

    /** The longer horizon of the warm-up prediction, in model time units (beyond where most states settle). */
    private static final double WARM_HORIZON_UNITS = 10;

    public ServingModel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(parentVersion, "parentVersion");
        if (!model.version().equals(label(name, version))) {
            throw new IllegalArgumentException("the model's version string is '" + model.version() + "' but a serving "
                    + "model of " + name + " version " + version + " must carry '" + label(name, version) + "'");
        }
    }

    /**
     * The version string a model of {@code name} at {@code version} carries ({@link EventModel#version()}, and so in
     * every entity state it makes and in predictions): {@code name@version}, e.g. {@code churn@7}.
     */
    public static String label(String name, long version) {
        return name + LABEL_SEPARATOR + version;
    }

    /** {@link #label(String, long)} of this version. */
    public String label() {
        return label(name, version);
    }

    /**
     * A scorer of this version with the default solver settings, warmed: one prediction from a new state has run,
     * so the scorer's once-per-parameters work (fixed point, tail expansion) is done before it serves traffic. For
     * the calling thread only. Allocates; call once per thread and version.
     */
    public StreamingScorer newScorer() {
        StreamingScorer scorer = new StreamingScorer(model);
        warm(scorer);
        return scorer;
    }

    /** Runs one prediction on {@code scorer} from a new state, horizons of one and ten model time units. */
    public static void warm(StreamingScorer scorer) {
        double unit = scorer.model().timeUnit();
        double[] horizons = {unit, WARM_HORIZON_UNITS * unit};
        EntityState state = scorer.newState(0);
        PredictionBuffer out = scorer.newPredictionBuffer(horizons.length);
        scorer.predict(state, 0, horizons, out);
    }

    @Override
    public String toString() {
        return "ServingModel[" + label() + ", " + checksum + ", created " + createdAt
                + (parentVersion.isPresent() ? ", from " + parentVersion.getAsLong() : "") + (signed ? ", signed" : "")
                + "]";
    }
}
