package io.tempora.model;

/**
 * How an {@link EventModel} splits its intensity over event types.
 *
 * <ul>
 *   <li>{@link #PER_TYPE}: one head per type inside the ODE, {@code λ_k(t) = softplus(w_k · h(t) + b_k)},
 *       {@code λ = Σ_k λ_k}. Every solver evaluation computes all {@code K} intensities, so its cost grows
 *       with {@code K}; in return predictions integrate each type's own intensity over the horizon.</li>
 *   <li>{@link #FACTORED}: one head for the total inside the ODE, {@code λ(t) = softplus(w · h(t) + b)}, and
 *       the type from the state at the event, {@code λ_k(t) = λ(t) · p(k | h(t))} with {@link TypeHead}'s
 *       two-level softmax evaluated once per event (cost {@code O(√K · D)}). The compensator is still an
 *       exact ODE component, so the likelihood stays exact in time; a solver evaluation costs the same
 *       whatever {@code K}.</li>
 * </ul>
 * {@link #forTypes} chooses by {@code K} ({@link #PER_TYPE_MAX_TYPES}); a caller may choose either for any
 * {@code K} ({@link ModelArchitecture#withTypeForm}). Both answer the same scoring and prediction API.
 */
public enum TypeForm {
    PER_TYPE,
    FACTORED;

    /**
     * The most types {@link #forTypes} gives the per-type form. Above it the per-type head's {@code K}
     * softplus evaluations and {@code K}-row product per solver evaluation cost more than the dynamics
     * MLP itself (D=16, H=32), so the factored form is the cheaper one.
     */
    public static final int PER_TYPE_MAX_TYPES = 32;

    /** The default form for {@code numTypes} types: per-type up to {@link #PER_TYPE_MAX_TYPES}, factored above. */
    public static TypeForm forTypes(int numTypes) {
        return numTypes <= PER_TYPE_MAX_TYPES ? PER_TYPE : FACTORED;
    }
}
