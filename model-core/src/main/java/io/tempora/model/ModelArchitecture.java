package io.tempora.model;

/**
 * The shape of an {@link EventModel}.
 *
 * @param latentDim    {@code D}, the size of the latent state {@code h}
 * @param hiddenDim    {@code H}, the hidden width of the dynamics MLP {@code f_θ: D → H → D}
 * @param embeddingDim {@code E}, the size of an event type's embedding fed to the jump
 * @param numTypes     {@code K}, the number of event types
 * @param numFeatures  {@code F}, the number of numeric features per event (0 for none)
 * @param typeForm     how the intensity splits over types ({@link TypeForm}); the five-argument constructor
 *                     means {@link TypeForm#PER_TYPE}, the form of every model file and record that names
 *                     none
 */
public record ModelArchitecture(
        int latentDim, int hiddenDim, int embeddingDim, int numTypes, int numFeatures, TypeForm typeForm) {

    /** Default latent size (the benchmark's D). */
    public static final int DEFAULT_LATENT_DIM = 16;
    /** Default hidden width of the dynamics. */
    public static final int DEFAULT_HIDDEN_DIM = 32;
    /** Default type-embedding size. */
    public static final int DEFAULT_EMBEDDING_DIM = 8;

    public ModelArchitecture {
        if (latentDim < 1 || hiddenDim < 1 || embeddingDim < 1 || numTypes < 1 || numFeatures < 0) {
            throw new IllegalArgumentException("architecture needs D, H, E, K >= 1 and F >= 0 but got D=" + latentDim
                    + ", H=" + hiddenDim + ", E=" + embeddingDim + ", K=" + numTypes + ", F=" + numFeatures);
        }
        if (typeForm == null) {
            throw new IllegalArgumentException("the type form must not be null");
        }
    }

    /** A per-type architecture ({@link TypeForm#PER_TYPE}). */
    public ModelArchitecture(int latentDim, int hiddenDim, int embeddingDim, int numTypes, int numFeatures) {
        this(latentDim, hiddenDim, embeddingDim, numTypes, numFeatures, TypeForm.PER_TYPE);
    }

    /**
     * The defaults (D=16, H=32, E=8) for {@code numTypes} types and {@code numFeatures} features, in the form
     * {@link TypeForm#forTypes} chooses for {@code numTypes}.
     */
    public static ModelArchitecture defaults(int numTypes, int numFeatures) {
        return new ModelArchitecture(
                DEFAULT_LATENT_DIM,
                DEFAULT_HIDDEN_DIM,
                DEFAULT_EMBEDDING_DIM,
                numTypes,
                numFeatures,
                TypeForm.forTypes(numTypes));
    }

    /** This shape with another latent size and hidden width. */
    public ModelArchitecture withSizes(int d, int h) {
        return new ModelArchitecture(d, h, embeddingDim, numTypes, numFeatures, typeForm);
    }

    /** This shape in another type form. */
    public ModelArchitecture withTypeForm(TypeForm form) {
        return new ModelArchitecture(latentDim, hiddenDim, embeddingDim, numTypes, numFeatures, form);
    }

    /** Rows of the intensity head inside the ODE: {@code K} per-type, 1 (the total) factored. */
    public int intensityRows() {
        return typeForm == TypeForm.FACTORED ? 1 : numTypes;
    }

    /** Width of the jump's input: embedding, log gap, standardised features. */
    public int jumpInputDim() {
        return embeddingDim + 1 + numFeatures;
    }
}
