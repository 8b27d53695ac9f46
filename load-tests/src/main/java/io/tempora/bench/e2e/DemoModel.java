package io.tempora.bench.e2e;

import io.tempora.demo.Demo;
import io.tempora.demo.DemoOptions;
import io.tempora.demo.DemoTrainer;
import io.tempora.demo.HistoryTopic;
import io.tempora.demo.SimulatedEntities;
import io.tempora.pp.PointProcess;
import io.tempora.schemas.ModelParameters;
import io.tempora.schemas.serde.EventSerializer;
import io.tempora.schemas.serde.ModelParametersDeserializer;
import io.tempora.streams.Topics;
import io.tempora.streams.testing.TopicContents;
import io.tempora.trainer.service.RunRecord;
import io.tempora.trainer.service.TrainService;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The demo's first model, made as the demo makes it, for the benchmarks that run the product: the demo's simulated
 * history on the events topic and one run of its training service ({@link DemoTrainer#config}), which publishes
 * version 1 to the model topic. Applications that should not read that history start after it
 * ({@link HistoryTopic#placeAppAfterHistory}).
 */
public final class DemoModel {

    /** Longest reading the model topic may take. */
    private static final Duration MODEL_READ_LIMIT = Duration.ofSeconds(60);

    /**
     * What was made.
     *
     * @param run           the training service's run
     * @param historyEvents the history events produced to train on
     */
    public record Trained(RunRecord run, long historyEvents) {

        /** The published version. */
        public long version() {
            return run.publishedVersion().getAsLong();
        }
    }

    private DemoModel() {}

    /**
     * Produces the demo's history of {@code process} to {@code eventsTopic} and trains and publishes the demo's model.
     *
     * @throws IllegalStateException if the training service publishes no version
     */
    public static Trained train(
            Map<String, Object> clients,
            EventSerializer serializer,
            DemoOptions demo,
            PointProcess process,
            String eventsTopic) {
        SimulatedEntities history = new SimulatedEntities(
                process,
                Demo.TYPES,
                demo.entities(),
                demo.unitMs(),
                demo.historyUnits(),
                System.currentTimeMillis(),
                demo.seed());
        long events = HistoryTopic.produce(clients, serializer, eventsTopic, history.history());
        RunRecord run;
        try (TrainService service = new TrainService(DemoTrainer.config(clients, demo), r -> {}, Clock.systemUTC())) {
            run = service.runOnce();
        }
        if (run.publishedVersion().isEmpty()) {
            throw new IllegalStateException("the training service did not publish a model: " + run.toJson());
        }
        return new Trained(run, events);
    }

    /**
     * The newest record on the model topic: the version the training service published last.
     *
     * @throws IllegalStateException if the topic holds no record
     */
    public static ModelParameters newestPublished(Map<String, Object> clients) {
        List<ConsumerRecord<byte[], byte[]>> records =
                TopicContents.all((String) clients.get("bootstrap.servers"), Topics.MODEL_PARAMETERS, MODEL_READ_LIMIT);
        if (records.isEmpty()) {
            throw new IllegalStateException("no model on " + Topics.MODEL_PARAMETERS);
        }
        try (ModelParametersDeserializer reader = new ModelParametersDeserializer()) {
            reader.configure(clients, false);
            return reader.deserialize(
                    Topics.MODEL_PARAMETERS, records.get(records.size() - 1).value());
        }
    }
}
