package io.tempora.streams.model;

import io.tempora.data.TypeVocabulary;
import io.tempora.model.EventModel;
import io.tempora.model.FeatureStatistics;
import io.tempora.model.ModelArchitecture;
import io.tempora.model.StreamingScorer;
import io.tempora.model.TypeClasses;
import io.tempora.nn.Parameter;
import io.tempora.ode.SolverSettings;
import io.tempora.schemas.ModelParameters;
import io.tempora.schemas.Tensor;
import io.tempora.streams.model.ModelRefusedException.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Maps an {@link EventModel} to the Avro record {@code ModelParameters} of the {@code model-parameters} topic and
 * back.
 *
 * <h2>Fields</h2>
 * <ul>
 *   <li>{@code architecture.family} is {@value #FAMILY}; {@code latentDim}, {@code hiddenDim} and
 *       {@code typeEmbeddingDim} are D, H and E; the number of types K and of features F are the lengths of
 *       {@code typeVocabulary} and {@code featureStatistics}. {@code settings} names the variant of the family this
 *       build implements ({@link #SETTINGS}); a reader refuses a record whose settings name another value for one
 *       of these keys and ignores keys it does not know.</li>
 *   <li>{@code solver}, {@code relativeTolerance} and {@code absoluteTolerance} record the streaming scorer's
 *       default segment settings ({@link StreamingScorer#DEFAULT_SETTINGS}) for readers; scoring uses the
 *       application's own settings, so {@link #fromAvro} does not read them.</li>
 *   <li>{@code timeUnitMillis} is {@link EventModel#timeUnit()}: the application's data unit is the
 *       millisecond (event times are epoch milliseconds).</li>
 *   <li>{@code featureStatistics[j].count} is 0: the model does not keep how many training events had the feature.</li>
 *   <li>{@code tensors} are the model's parameters in layout order: name and shape of each {@link Parameter}, data
 *       the slice of the flat vector as little-endian float64 (row-major, as the flat vector is).</li>
 *   <li>a factored model ({@link io.tempora.model.TypeForm#FACTORED}) adds a setting and a tensor of its type
 *       classes ({@link TypeFormRecord}); a per-type model's record has neither.</li>
 *   <li>{@code checksum} is {@link TensorChecksum}; {@code signature} is the signer's over it, or null.</li>
 * </ul>
 * The model read back carries the version string {@link ServingModel#label(String, long) name@version}.
 *
 * <p>Stateless and thread-safe.
 */
public final class ModelParametersMapper {

    /** The model family this build scores: a latent ODE between events and a GRU jump at events. */
    public static final String FAMILY = "latent-ode-gru";

    /** Setting: the activation of the dynamics MLP's hidden layer. */
    public static final String SETTING_ACTIVATION = "dynamics.activation";
    /** Setting: the number of hidden layers of the dynamics MLP. */
    public static final String SETTING_HIDDEN_LAYERS = "dynamics.hiddenLayers";
    /** Setting: the cell of the jump at events. */
    public static final String SETTING_JUMP = "jump";
    /** Setting: the {@code ε} in the jump's {@code log(Δt + ε)}. */
    public static final String SETTING_LOG_GAP_EPSILON = "jump.logGapEpsilon";

    /** The settings of the variant this build implements, written into every record and checked on reading. */
    public static final Map<String, String> SETTINGS = Map.of(
            SETTING_ACTIVATION, "tanh",
            SETTING_HIDDEN_LAYERS, "1",
            SETTING_JUMP, "gru",
            SETTING_LOG_GAP_EPSILON, Double.toString(EventModel.LOG_GAP_EPSILON));

    private ModelParametersMapper() {}

    /**
     * The record of {@code model} as version {@code version} of {@code modelName}, with its checksum, signed when
     * a signer is given.
     *
     * @param metrics the training run's metrics by name (may be empty)
     */
    public static ModelParameters toAvro(
            EventModel model,
            String modelName,
            long version,
            OptionalLong parentVersion,
            Instant createdAt,
            Map<String, Double> metrics,
            Optional<ModelSigner> signer) {
        Objects.requireNonNull(model, "model");
        if (modelName == null || modelName.isBlank()) {
            throw new IllegalArgumentException("a model name must be non-blank (it is the record key)");
        }
        ModelArchitecture a = model.architecture();
        SolverSettings solver = StreamingScorer.DEFAULT_SETTINGS;
        Map<String, String> settings = new HashMap<>(SETTINGS);
        io.tempora.schemas.ModelArchitecture architecture = io.tempora.schemas.ModelArchitecture.newBuilder()
                .setFamily(FAMILY)
                .setLatentDim(a.latentDim())
                .setHiddenDim(a.hiddenDim())
                .setTypeEmbeddingDim(a.embeddingDim())
                .setSolver(solver.tableau().name())
                .setRelativeTolerance(solver.tolerances().rtol(0))
                .setAbsoluteTolerance(solver.tolerances().atol(0))
                .setSettings(settings)
                .build();
        FeatureStatistics fs = model.features();
        List<io.tempora.schemas.FeatureStatistics> features = new ArrayList<>();
        for (int j = 0; j < fs.size(); j++) {
            features.add(io.tempora.schemas.FeatureStatistics.newBuilder()
                    .setName(fs.names().get(j))
                    .setMean(fs.mean(j))
                    .setStandardDeviation(fs.sd(j))
                    .setCount(0L)
                    .build());
        }
        double[] values = model.parameters().values();
        List<Tensor> tensors = new ArrayList<>();
        for (Parameter p : model.parameters().parameters()) {
            ByteBuffer data = ByteBuffer.allocate(p.size() * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < p.size(); i++) {
                data.putDouble(values[p.offset() + i]);
            }
            data.flip();
            List<Integer> shape = Arrays.stream(p.shape()).boxed().toList();
            tensors.add(Tensor.newBuilder()
                    .setName(p.name())
                    .setShape(shape)
                    .setData(data)
                    .build());
        }
        TypeFormRecord.write(model, settings, tensors);
        String checksum = TensorChecksum.of(tensors);
        ByteBuffer signature =
                signer.map(s -> ByteBuffer.wrap(s.sign(checksum))).orElse(null);
        return ModelParameters.newBuilder()
                .setModelName(modelName)
                .setVersion(version)
                .setParentVersion(parentVersion.isPresent() ? parentVersion.getAsLong() : null)
                .setCreatedAt(createdAt)
                .setArchitecture(architecture)
                .setTimeUnitMillis(model.timeUnit())
                .setTypeVocabulary(new ArrayList<>(model.types().names()))
                .setFeatureStatistics(features)
                .setTensors(tensors)
                .setTrainingMetrics(new HashMap<>(metrics))
                .setChecksum(checksum)
                .setSignature(signature)
                .build();
    }

    /**
     * The model a record describes, with version string {@code modelName@version}. Checks what the record says
     * about itself (not its checksum or signature: see {@link ModelValidator}).
     *
     * @throws ModelRefusedException {@link Reason#WRONG_FAMILY} for another family or variant,
     *                               {@link Reason#INVALID_METADATA} for unusable dimensions, time unit, types or
     *                               feature statistics, {@link Reason#SHAPE_MISMATCH} when the tensors are not the
     *                               ones the architecture defines (missing, unexpected, repeated, another shape or
     *                               byte length), {@link Reason#NON_FINITE_VALUE} for a NaN or infinite element
     */
    public static EventModel fromAvro(ModelParameters record) {
        String where = ServingModel.label(record.getModelName(), record.getVersion());
        io.tempora.schemas.ModelArchitecture arch = record.getArchitecture();
        if (!FAMILY.equals(arch.getFamily())) {
            throw new ModelRefusedException(
                    Reason.WRONG_FAMILY,
                    where + ": family '" + arch.getFamily() + "' but this build scores only '" + FAMILY + "'");
        }
        for (Map.Entry<String, String> known : SETTINGS.entrySet()) {
            String given = arch.getSettings().get(known.getKey());
            if (given != null && !given.equals(known.getValue())) {
                throw new ModelRefusedException(
                        Reason.WRONG_FAMILY,
                        where + ": setting " + known.getKey() + "='" + given + "' but this build implements "
                                + known.getKey() + "='" + known.getValue() + "'");
            }
        }
        EventModel model = emptyModel(record, where);
        Map<String, Tensor> byName = new LinkedHashMap<>();
        for (Tensor t : record.getTensors()) {
            if (byName.put(t.getName(), t) != null) {
                throw new ModelRefusedException(
                        Reason.SHAPE_MISMATCH, where + ": tensor '" + t.getName() + "' appears more than once");
            }
        }
        if (model.typeHead() != null) {
            byName.remove(TypeFormRecord.CLASSES_TENSOR); // read by emptyModel
        }
        double[] values = new double[model.parameters().size()];
        for (Parameter p : model.parameters().parameters()) {
            Tensor t = byName.remove(p.name());
            if (t == null) {
                throw new ModelRefusedException(
                        Reason.SHAPE_MISMATCH,
                        where + ": tensor '" + p.name() + "' " + Arrays.toString(p.shape())
                                + " that the architecture defines is missing");
            }
            readTensor(where, p, t, values);
        }
        if (!byName.isEmpty()) {
            throw new ModelRefusedException(
                    Reason.SHAPE_MISMATCH,
                    where + ": tensors " + byName.keySet() + " are not in the architecture, whose tensors are "
                            + model.parameters().parameters());
        }
        model.parameters().setAll(values);
        return model;
    }

    private static EventModel emptyModel(ModelParameters record, String where) {
        io.tempora.schemas.ModelArchitecture arch = record.getArchitecture();
        try {
            List<io.tempora.schemas.FeatureStatistics> stats = record.getFeatureStatistics();
            TypeClasses classes = TypeFormRecord.read(record, where);
            ModelArchitecture a = TypeFormRecord.withForm(
                    new ModelArchitecture(
                            arch.getLatentDim(),
                            arch.getHiddenDim(),
                            arch.getTypeEmbeddingDim(),
                            record.getTypeVocabulary().size(),
                            stats.size()),
                    classes);
            List<String> names = new ArrayList<>();
            double[] mean = new double[stats.size()];
            double[] sd = new double[stats.size()];
            for (int j = 0; j < stats.size(); j++) {
                names.add(stats.get(j).getName());
                mean[j] = stats.get(j).getMean();
                sd[j] = stats.get(j).getStandardDeviation();
            }
            if (names.stream().distinct().count() != names.size()) {
                throw new IllegalArgumentException("feature names " + names + " repeat a name");
            }
            return EventModel.zeros(
                    a,
                    record.getTimeUnitMillis(),
                    new TypeVocabulary(record.getTypeVocabulary()),
                    new FeatureStatistics(names, mean, sd),
                    where,
                    classes);
        } catch (IllegalArgumentException e) {
            throw new ModelRefusedException(Reason.INVALID_METADATA, where + ": " + e.getMessage(), e);
        }
    }

    /** Checks {@code t} against {@code p} and copies its elements into {@code values} at {@code p}'s offset. */
    private static void readTensor(String where, Parameter p, Tensor t, double[] values) {
        int[] shape = t.getShape().stream().mapToInt(Integer::intValue).toArray();
        if (!Arrays.equals(shape, p.shape())) {
            throw new ModelRefusedException(
                    Reason.SHAPE_MISMATCH,
                    where + ": tensor '" + p.name() + "' has shape " + Arrays.toString(shape)
                            + " where the architecture defines " + Arrays.toString(p.shape()));
        }
        ByteBuffer data = t.getData().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long expected = (long) p.size() * Double.BYTES;
        if (data.remaining() != expected) {
            throw new ModelRefusedException(
                    Reason.SHAPE_MISMATCH,
                    where + ": tensor '" + p.name() + "' "
                            + Arrays.toString(shape) + " has " + data.remaining() + " data bytes where its shape needs "
                            + expected + " (8 per float64 element)");
        }
        for (int i = 0; i < p.size(); i++) {
            double v = data.getDouble();
            if (!Double.isFinite(v)) {
                throw new ModelRefusedException(
                        Reason.NON_FINITE_VALUE,
                        where + ": tensor '" + p.name() + "' element " + Arrays.toString(index(i, shape))
                                + " (flat index " + i + ") is " + v);
            }
            values[p.offset() + i] = v;
        }
    }

    /** The row-major multi-index of flat index {@code flat} in {@code shape}. */
    static int[] index(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int r = shape.length - 1; r >= 0; r--) {
            idx[r] = flat % shape[r];
            flat /= shape[r];
        }
        return idx;
    }
}
