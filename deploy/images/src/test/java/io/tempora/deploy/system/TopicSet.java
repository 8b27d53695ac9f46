package io.tempora.deploy.system;

import io.tempora.streams.Topics;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The four topics one deployment of a test class uses, named after the class ({@code crash-events}, ...), so that
 * the test classes share one broker without reading each other's events or models.
 */
record TopicSet(String events, String predictions, String dlq, String models) {

    /** Events and predictions partitions: the unit of scale-out, more than the two app instances. */
    static final int PARTITIONS = 4;

    private static final short REPLICATION = 1;

    /** {@code PREFIX-events}, {@code PREFIX-predictions}, {@code PREFIX-events-dlq}, {@code PREFIX-model-parameters}. */
    static TopicSet named(String prefix) {
        return new TopicSet(
                prefix + "-" + Topics.EVENTS,
                prefix + "-" + Topics.PREDICTIONS,
                prefix + "-" + Topics.EVENTS_DLQ,
                prefix + "-" + Topics.MODEL_PARAMETERS);
    }

    /** The same input and models, with the outputs of another application named {@code prefix}: a second reader. */
    TopicSet withOutputs(String prefix) {
        TopicSet other = named(prefix);
        return new TopicSet(events, other.predictions, other.dlq, models);
    }

    /** The topics as {@link Topics#definitions} makes them, under these names. */
    List<NewTopic> definitions() {
        return List.of(
                new NewTopic(events, PARTITIONS, REPLICATION),
                new NewTopic(predictions, PARTITIONS, REPLICATION),
                new NewTopic(dlq, 1, REPLICATION),
                Topics.modelParameters(models, Optional.of(REPLICATION)));
    }

    /** Only the output topics, for a second application on topics that exist. */
    List<NewTopic> outputDefinitions() {
        return List.of(new NewTopic(predictions, PARTITIONS, REPLICATION), new NewTopic(dlq, 1, REPLICATION));
    }
}
