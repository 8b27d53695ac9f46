package io.tempora.streams.processor;

import io.tempora.streams.TemporaConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the event processor needs from the configuration.
 *
 * @param graceMs       how much older than the entity's latest event an event may be and still be applied
 * @param ringSize      recent events kept per entity
 * @param horizonsMs    prediction horizons, ascending
 * @param predictionMaxTypes the most types a prediction record lists ({@link ListedTypes})
 * @param registryRetry how long to wait out a schema-registry outage before giving up on the batch
 * @param serdeConfigs  the serdes' configuration ({@code schema.registry.url} and friends)
 * @param predictionsTopic the predictions topic (the serializer's subject derives from it)
 * @param dlqTopic      the dead-letter topic
 * @param lifetime      state TTL and timer predictions
 */
public record ProcessorSettings(
        long graceMs,
        int ringSize,
        double[] horizonsMs,
        int predictionMaxTypes,
        Duration registryRetry,
        Map<String, Object> serdeConfigs,
        String predictionsTopic,
        String dlqTopic,
        LifetimeSettings lifetime) {

    public ProcessorSettings {
        Objects.requireNonNull(registryRetry, "registryRetry");
        Objects.requireNonNull(predictionsTopic, "predictionsTopic");
        Objects.requireNonNull(dlqTopic, "dlqTopic");
        Objects.requireNonNull(lifetime, "lifetime");
        if (predictionMaxTypes < 1) {
            throw new IllegalArgumentException("predictionMaxTypes must be >= 1, not " + predictionMaxTypes);
        }
        horizonsMs = horizonsMs.clone();
        serdeConfigs = Map.copyOf(serdeConfigs);
    }

    /** The settings of {@code config}. */
    public static ProcessorSettings of(TemporaConfig config) {
        long[] h = config.horizonsMs();
        double[] horizons = new double[h.length];
        for (int i = 0; i < h.length; i++) {
            horizons[i] = h[i];
        }
        return new ProcessorSettings(
                config.graceMs(),
                config.ringSize(),
                horizons,
                config.predictionMaxTypes(),
                Duration.ofMillis(config.registryRetryMs()),
                config.serdeConfigs(),
                config.predictionsTopic(),
                config.dlqTopic(),
                LifetimeSettings.of(config));
    }

    @Override
    public double[] horizonsMs() {
        return horizonsMs.clone();
    }
}
