package io.tempora.streams.http;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tempora.streams.model.ModelCatalog;
import io.tempora.streams.model.ModelRefusedException;
import io.tempora.streams.model.ServingModel;

/**
 * The model catalog's meters, read from the catalog at each scrape: the serving version of the configured
 * model ({@code tempora.model.version{model=...}}, -1 while none serves) and the versions refused, by reason
 * ({@code tempora.models.refused{reason=...}}, every reason present from the start at 0).
 */
public final class CatalogMeters implements MeterBinder {

    public static final String MODEL_VERSION = "tempora.model.version";
    public static final String MODELS_REFUSED = "tempora.models.refused";
    /** The gauge's value while no version serves. */
    public static final long NO_VERSION = -1;

    private final ModelCatalog catalog;
    private final String modelName;

    public CatalogMeters(ModelCatalog catalog, String modelName) {
        this.catalog = catalog;
        this.modelName = modelName;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(MODEL_VERSION, catalog, c -> c.serving(modelName)
                        .map(ServingModel::version)
                        .orElse(NO_VERSION))
                .description("The model version serving now (-1: none)")
                .tag("model", modelName)
                .register(registry);
        for (ModelRefusedException.Reason reason : ModelRefusedException.Reason.values()) {
            FunctionCounter.builder(
                            MODELS_REFUSED, catalog, c -> c.refusalCounts().getOrDefault(reason, 0L))
                    .description("Model versions refused by validation, by reason")
                    .tag("reason", reason.name())
                    .register(registry);
        }
    }
}
