package io.tempora.model;

/**
 * The shape of an {@link EventModel}.
 *
 * @param latentDim    {@code D}, the size of the latent state {@code h}
 * @param hiddenDim    {@code H}, the hidden width of the dynamics MLP {@code f_θ: D → H → D}
 * @param embeddingDim {@code E}, the size of an event type's embedding fed to the jump
 * @param numTypes     {@code K}, the number of event types
 * @param numFeatures  {@code F}, the number of numeric features per event (0 for none)
 */
public record ModelArchitecture(int latentDim, int hiddenDim, int embeddingDim, int numTypes, int numFeatures) {

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
    }

    /** The defaults (D=16, H=32, E=8) for {@code numTypes} types and {@code numFeatures} features. */
    public static ModelArchitecture defaults(int numTypes, int numFeatures) {
        return new ModelArchitecture(
                DEFAULT_LATENT_DIM, DEFAULT_HIDDEN_DIM, DEFAULT_EMBEDDING_DIM, numTypes, numFeatures);
    }

    /** This shape with another latent size and hidden width. */
    public ModelArchitecture withSizes(int d, int h) {
        return new ModelArchitecture(d, h, embeddingDim, numTypes, numFeatures);
    }

    /** Width of the jump's input: embedding, log gap, standardised features. */
    public int jumpInputDim() {
        return embeddingDim + 1 + numFeatures;
    }
}
