package io.tempora.trainer;

import io.tempora.model.ModelArchitecture;
import io.tempora.model.train.LearningRateSchedule;
import io.tempora.model.train.TrainingConfig;
import io.tempora.ode.DormandPrince54;
import io.tempora.ode.SolverSettings;
import io.tempora.ode.Tolerances;

/**
 * What {@code ./tempora fit} trains with when not told otherwise: the model benchmark's configuration
 * (load-tests' {@code ModelBench.defaultConfig()}: the library's defaults with a cosine learning-rate schedule, the
 * training solver at {@code rtol = 1e-4, atol = 1e-6}), on every core, and the library's default model size.
 */
public final class FitDefaults {

    /** The training solver's relative tolerance: the benchmark's (gradients within a few percent, design.md). */
    static final double RTOL = 1e-4;

    /** The training solver's absolute tolerance. */
    static final double ATOL = 1e-6;

    /** Latent dimension of a new model. */
    public static final int LATENT_DIM = ModelArchitecture.DEFAULT_LATENT_DIM;

    /** Hidden width of a new model's dynamics. */
    public static final int HIDDEN_DIM = ModelArchitecture.DEFAULT_HIDDEN_DIM;

    private FitDefaults() {}

    /** The training configuration: {@link TrainingConfig#defaults()} with the benchmark's schedule and solver. */
    public static TrainingConfig config() {
        return TrainingConfig.defaults()
                .withThreads(Math.max(1, Runtime.getRuntime().availableProcessors()))
                .withSchedule(LearningRateSchedule.COSINE)
                .withSolver(SolverSettings.adaptive(DormandPrince54.TABLEAU, Tolerances.of(RTOL, ATOL)));
    }
}
