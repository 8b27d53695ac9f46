package io.tempora.model;

import io.tempora.data.Dataset;
import io.tempora.data.TimeUnits;
import io.tempora.data.TypeVocabulary;
import io.tempora.nn.Embedding;
import io.tempora.nn.GruCell;
import io.tempora.nn.Initialisation;
import io.tempora.nn.Linear;
import io.tempora.nn.Mlp;
import io.tempora.nn.MlpSpec;
import io.tempora.nn.Parameter;
import io.tempora.nn.ParameterSet;
import java.util.List;
import java.util.Objects;

/**
 * The latent ODE event-process model (Chen et al. 2018, §6 and Rubanova et al. 2019, "Latent ODEs
 * for irregularly-sampled time series", as a temporal point process; Mei &amp; Eisner 2017 for the
 * multivariate intensity head). Per entity a latent state {@code h ∈ R^D}:
 * <pre>
 *   between events     dh/dt = f_θ(h) = MLP(h) − γ ⊙ h          MLP D → H → D, tanh; γ = softplus(c) learned
 *   intensities        λ_k(t) = softplus(w_k · h(t) + b_k)     k &lt; K
 *   at an event i      h(t_i⁺) = GRU([embed(k_i), log(Δt_i + ε), x̃_i], h(t_i⁻))
 *   new entity         h = h0 (learned)
 *   features (F &gt; 0)   x̃_i | h(t_i⁻) ~ N(m(h), diag(exp(ℓ(h)))²),  [m, ℓ] = Linear D → 2F
 * </pre>
 * with {@code Δt_i} the time since the entity's previous event in model units, {@code ε} =
 * {@value #LOG_GAP_EPSILON} (so simultaneous events are legal), and {@code x̃} the features
 * standardised by the stored {@link FeatureStatistics}. The exact log-likelihood of a history on
 * {@code [t0, T]} is
 * <pre>
 *   Σ_i [log λ_{k_i}(t_i⁻) + log p(x_i | h(t_i⁻))] − ∫_{t0}^{T} Σ_k λ_k(h(t)) dt
 * </pre>
 * the integral carried as an extra ODE component (see {@link CompensatedDynamics}). That is the
 * {@link TypeForm#PER_TYPE} form. In the {@link TypeForm#FACTORED} form (many types) the ODE carries one head,
 * the total {@code λ(t) = softplus(w · h(t) + b)}, and the type comes from the state at the event,
 * {@code λ_k = λ · p(k | h)} with {@link TypeHead}'s two-level softmax, so the likelihood is
 * {@code Σ_i [log λ(t_i⁻) + log p(k_i | h(t_i⁻)) + log p(x_i | h(t_i⁻))] − ∫ λ dt}, still exact in time and
 * with a solver evaluation that costs the same whatever {@code K}. The leak
 * {@code γ ⊙ h} keeps the state bounded over arbitrarily long gaps (see {@link #leak()}).
 *
 * <h2>Units</h2>
 * The model measures time in its own unit: one model unit is {@link #timeUnit()} units of the data
 * (e.g. milliseconds), chosen from data as the median positive gap. Everything the public API takes
 * and returns (times, horizons, intensities, likelihoods) is in the data's own unit; a density in
 * data units is the model-unit density divided by {@code timeUnit} per event, so
 * <pre>
 *   log L_data = log L_model − n · log(timeUnit)        (and − n · Σ_j log sd_j for the features)
 * </pre>
 *
 * <h2>Parameters</h2>
 * One {@link ParameterSet}, laid out so that the parameters of the ODE field (dynamics MLP, leak,
 * then the intensity head, which {@code dΛ/dt} reads) come first: offsets {@code [0, fieldParameterCount())};
 * a factored model's type head ({@code types.class}, {@code types.type}) comes last.
 * The adjoint then carries only those in its augmented state. The set is live: a trainer updates it
 * in place; scorers read it at every call. Not thread-safe to mutate while scoring.
 */
public final class EventModel {

    /** Added to the gap before its logarithm enters the jump, so a gap of 0 is finite. */
    public static final double LOG_GAP_EPSILON = 1e-3;

    /** The leak rate {@code γ} a new model starts with, per model unit: memory of a few median gaps. */
    public static final double INITIAL_LEAK = 0.2;

    private final ModelArchitecture architecture;
    private final double timeUnit;
    private final TypeVocabulary types;
    private final FeatureStatistics features;
    private final String version;
    private final ParameterSet params;

    private final Mlp dynamics;
    private final Parameter leak;
    private final Linear intensity;
    private final Embedding embedding;
    private final GruCell jump;
    private final Parameter initialState;
    private final Linear featureHead;
    private final TypeHead typeHead;

    private EventModel(
            ModelArchitecture architecture,
            double timeUnit,
            TypeVocabulary types,
            FeatureStatistics features,
            String version,
            TypeClasses classes) {
        this.architecture = Objects.requireNonNull(architecture, "architecture");
        if (!(timeUnit > 0) || !Double.isFinite(timeUnit)) {
            throw new IllegalArgumentException("the time unit must be finite and > 0 but was " + timeUnit);
        }
        this.timeUnit = timeUnit;
        this.types = Objects.requireNonNull(types, "types");
        this.features = Objects.requireNonNull(features, "features");
        this.version = Objects.requireNonNull(version, "version");
        if (types.size() != architecture.numTypes()) {
            throw new IllegalArgumentException(
                    "the vocabulary has " + types.size() + " types but the architecture " + architecture.numTypes());
        }
        if (features.size() != architecture.numFeatures()) {
            throw new IllegalArgumentException("the feature statistics name " + features.size()
                    + " features but the architecture has " + architecture.numFeatures());
        }
        int d = architecture.latentDim();
        ParameterSet.Builder b = ParameterSet.builder();
        dynamics = Mlp.define(b, "dynamics", MlpSpec.tanh(d, List.of(architecture.hiddenDim()), d));
        leak = b.add("dynamics.leak", Initialisation.ZEROS, d);
        intensity = Linear.define(b, "intensity", d, architecture.intensityRows());
        embedding = Embedding.define(b, "embedding", architecture.numTypes(), architecture.embeddingDim());
        jump = GruCell.define(b, "jump", architecture.jumpInputDim(), d);
        initialState = b.add("h0", Initialisation.ZEROS, d);
        featureHead =
                architecture.numFeatures() > 0 ? Linear.define(b, "features", d, 2 * architecture.numFeatures()) : null;
        if (architecture.typeForm() == TypeForm.FACTORED) {
            TypeClasses c = classes != null ? classes : TypeClasses.byId(architecture.numTypes());
            if (c.numTypes() != architecture.numTypes()) {
                throw new IllegalArgumentException("the type classes cover " + c.numTypes() + " types but the"
                        + " architecture has " + architecture.numTypes());
            }
            typeHead = TypeHead.define(b, "types", d, c);
        } else {
            typeHead = null;
        }
        params = b.build();
    }

    /**
     * A model with parameters initialised from {@code seed}: Glorot weights, zero biases and initial
     * state, the dynamics' output layer scaled by 0.1 (start close to a constant-intensity process,
     * whose behaviour the data then bends), leak rates {@value #INITIAL_LEAK} per model unit, and
     * intensity biases set so that the total intensity is one event per model unit. A factored model's types
     * are in classes by id ({@link TypeClasses#byId}).
     *
     * @param timeUnit data units per model unit (e.g. {@link TimeUnits#medianPositiveGap})
     */
    public static EventModel create(
            ModelArchitecture architecture,
            double timeUnit,
            TypeVocabulary types,
            FeatureStatistics features,
            String version,
            long seed) {
        return create(architecture, timeUnit, types, features, version, seed, null);
    }

    /**
     * {@link #create(ModelArchitecture, double, TypeVocabulary, FeatureStatistics, String, long)} with the type
     * classes of a factored model ({@code null}: by id; ignored for a per-type model).
     */
    public static EventModel create(
            ModelArchitecture architecture,
            double timeUnit,
            TypeVocabulary types,
            FeatureStatistics features,
            String version,
            long seed,
            TypeClasses classes) {
        EventModel m = new EventModel(architecture, timeUnit, types, features, version, classes);
        m.params.initialise(seed);
        Linear out = m.dynamics.layers().get(m.dynamics.layers().size() - 1);
        double bias = inverseSoftplus(1.0 / architecture.intensityRows());
        m.params.update(v -> {
            for (int i = 0; i < out.weight().size(); i++) {
                v[out.weight().offset() + i] *= 0.1;
            }
            for (int j = 0; j < m.leak.size(); j++) {
                v[m.leak.offset() + j] = inverseSoftplus(INITIAL_LEAK);
            }
            for (int k = 0; k < architecture.intensityRows(); k++) {
                v[m.intensity.bias().offset() + k] = bias;
            }
        });
        return m;
    }

    /**
     * A fresh model for {@code data}: its vocabulary and features, feature statistics from all its
     * events, the time unit = the median positive gap ({@link TimeUnits#medianPositiveGap}), the type form
     * {@link TypeForm#forTypes} chooses for its number of types.
     */
    public static EventModel forDataset(Dataset data, int latentDim, int hiddenDim, long seed) {
        return forDataset(data, latentDim, hiddenDim, TypeForm.forTypes(data.numTypes()), seed);
    }

    /** {@link #forDataset(Dataset, int, int, long)} in the type form {@code form}; factored types in classes by frequency. */
    public static EventModel forDataset(Dataset data, int latentDim, int hiddenDim, TypeForm form, long seed) {
        ModelArchitecture arch = new ModelArchitecture(
                latentDim,
                hiddenDim,
                ModelArchitecture.DEFAULT_EMBEDDING_DIM,
                data.numTypes(),
                data.numFeatures(),
                form);
        EventModel m = create(
                arch,
                TimeUnits.medianPositiveGap(data),
                data.types(),
                FeatureStatistics.of(data),
                "untrained",
                seed,
                form == TypeForm.FACTORED ? TypeClasses.byFrequency(data) : null);
        if (form == TypeForm.FACTORED) {
            m.params.update(v -> m.typeHead.startAtFrequencies(TypeClasses.counts(data), v));
        }
        return m;
    }

    /** A model with all parameters zero (for loading or hand-setting); fill {@link #parameters()} next. */
    public static EventModel zeros(
            ModelArchitecture architecture,
            double timeUnit,
            TypeVocabulary types,
            FeatureStatistics features,
            String version) {
        return new EventModel(architecture, timeUnit, types, features, version, null);
    }

    /** {@link #zeros(ModelArchitecture, double, TypeVocabulary, FeatureStatistics, String)} with a factored model's type classes. */
    public static EventModel zeros(
            ModelArchitecture architecture,
            double timeUnit,
            TypeVocabulary types,
            FeatureStatistics features,
            String version,
            TypeClasses classes) {
        return new EventModel(architecture, timeUnit, types, features, version, classes);
    }

    /** A model of the same shape and metadata with another version string and a copy of the parameters. */
    public EventModel withVersion(String newVersion) {
        EventModel m = new EventModel(
                architecture, timeUnit, types, features, newVersion, typeHead == null ? null : typeHead.classes());
        m.params.setAll(params.values());
        return m;
    }

    /** {@code log(e^y − 1)}: the bias whose softplus is {@code y > 0}. */
    public static double inverseSoftplus(double y) {
        if (!(y > 0)) {
            throw new IllegalArgumentException("softplus only reaches positive values, asked for " + y);
        }
        return y > 30 ? y + Math.log(-Math.expm1(-y)) : Math.log(Math.expm1(y));
    }

    public ModelArchitecture architecture() {
        return architecture;
    }

    /** Data units (e.g. milliseconds) per model time unit. */
    public double timeUnit() {
        return timeUnit;
    }

    public TypeVocabulary types() {
        return types;
    }

    public FeatureStatistics features() {
        return features;
    }

    /** A free-form version string (stored with the model and in every entity state it makes). */
    public String version() {
        return version;
    }

    /** The live parameters. */
    public ParameterSet parameters() {
        return params;
    }

    /** The dynamics {@code f_θ}. */
    public Mlp dynamics() {
        return dynamics;
    }

    /** The leak parameters {@code c} ({@code D}): {@code γ = softplus(c)}. */
    public Parameter leak() {
        return leak;
    }

    /**
     * The intensity head inside the ODE (before softplus): {@code D → K} per-type, {@code D → 1} (the total)
     * factored ({@link ModelArchitecture#intensityRows()}).
     */
    public Linear intensity() {
        return intensity;
    }

    /** The type embedding {@code K × E}. */
    public Embedding embedding() {
        return embedding;
    }

    /** The jump {@code GRU(E + 1 + F → D)}. */
    public GruCell jump() {
        return jump;
    }

    /** The learned initial state {@code h0}. */
    public Parameter initialState() {
        return initialState;
    }

    /** The feature head {@code D → 2F}, or null without features. */
    public Linear featureHead() {
        return featureHead;
    }

    /** The type distribution of a factored model ({@link TypeForm#FACTORED}), or null for a per-type model. */
    public TypeHead typeHead() {
        return typeHead;
    }

    /** The parameters of the ODE field {@code [h, Λ]} occupy offsets {@code [0, fieldParameterCount())}. */
    public int fieldParameterCount() {
        return intensity.bias().offset() + intensity.bias().size();
    }

    /** Fresh per-thread buffers for the plain path. */
    public ModelWorkspace newWorkspace() {
        return new ModelWorkspace(this);
    }

    @Override
    public String toString() {
        return "EventModel[" + version + ", " + architecture + ", timeUnit=" + timeUnit + ", types=" + types.names()
                + ", features=" + features.names() + ", " + params.size() + " parameters]";
    }
}
