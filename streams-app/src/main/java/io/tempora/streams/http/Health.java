package io.tempora.streams.http;

import io.tempora.streams.model.ModelCatalog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The probes ({@code /health/live}, {@code /health/ready}), usable as Kubernetes liveness and readiness
 * probes. Live: Kafka Streams has not ended in {@code ERROR}, {@code PENDING_ERROR} or {@code NOT_RUNNING}
 * (a restart is the only remedy). Ready: Kafka Streams is {@code RUNNING} and a valid version of the
 * configured model serves, unless the model is configured as not required.
 */
final class Health {

    private final Supplier<KafkaStreams.State> state;
    private final ModelCatalog catalog;
    private final String modelName;
    private final boolean modelRequired;

    Health(Supplier<KafkaStreams.State> state, ModelCatalog catalog, String modelName, boolean modelRequired) {
        this.state = state;
        this.catalog = catalog;
        this.modelName = modelName;
        this.modelRequired = modelRequired;
    }

    Answer live() {
        KafkaStreams.State s = state.get();
        boolean live = s != KafkaStreams.State.ERROR
                && s != KafkaStreams.State.PENDING_ERROR
                && s != KafkaStreams.State.NOT_RUNNING;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", live ? "UP" : "DOWN");
        body.put("streams", s);
        if (!live) {
            body.put("reason", "Kafka Streams stopped (" + s + "); see the log");
        }
        return Answer.json(live ? 200 : 503, body);
    }

    Answer ready() {
        KafkaStreams.State s = state.get();
        Map<String, Object> body = new LinkedHashMap<>();
        var serving = catalog.serving(modelName);
        String reason = null;
        if (s != KafkaStreams.State.RUNNING) {
            reason = "Kafka Streams is " + s + ", not RUNNING";
        } else if (modelRequired && serving.isEmpty()) {
            reason = "no valid version of model '" + modelName + "' serves (tempora.model.required=true)";
        }
        body.put("status", reason == null ? "UP" : "DOWN");
        body.put("streams", s);
        body.put("model", modelName);
        body.put("modelVersion", serving.isPresent() ? (Object) serving.get().version() : null);
        if (reason != null) {
            body.put("reason", reason);
        }
        return Answer.json(reason == null ? 200 : 503, body);
    }
}
