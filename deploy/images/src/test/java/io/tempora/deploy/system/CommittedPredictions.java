package io.tempora.deploy.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.schemas.Prediction;
import io.tempora.schemas.serde.PredictionDeserializer;
import io.tempora.streams.testing.ScaleOutTraffic;
import io.tempora.streams.testing.TopicContents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;

/**
 * What a predictions topic holds for read_committed readers, read to its end offsets (so that a duplicate shows),
 * with each prediction's partition: per source event, per partition in offset order.
 *
 * @param byPartition each partition's predictions in offset order
 */
record CommittedPredictions(Map<Integer, List<Prediction>> byPartition) {

    /** How long reading a topic to its end may take. */
    private static final Duration READ = Duration.ofSeconds(60);

    /** Waits until {@code topic} holds at least {@code count} committed predictions, then reads it to its end. */
    static CommittedPredictions await(SharedServices services, String topic, int count) {
        Await.until(
                () -> TopicContents.all(services.bootstrap(), topic, READ).size() >= count,
                count + " committed predictions in " + topic);
        return read(services, topic);
    }

    /** Everything {@code topic} holds now. */
    static CommittedPredictions read(SharedServices services, String topic) {
        Map<Integer, List<Prediction>> byPartition = new TreeMap<>();
        try (PredictionDeserializer deserializer = new PredictionDeserializer()) {
            deserializer.configure(services.clientConfig(), false);
            for (ConsumerRecord<byte[], byte[]> r : TopicContents.all(services.bootstrap(), topic, READ)) {
                byPartition
                        .computeIfAbsent(r.partition(), p -> new ArrayList<>())
                        .add(deserializer.deserialize(r.topic(), r.value()));
            }
        }
        return new CommittedPredictions(byPartition);
    }

    /**
     * Records in {@code topic} a read_uncommitted reader sees: the committed ones and those of aborted transactions
     * (what an exactly-once app wrote before a crash and rolled back).
     */
    static int uncommittedCount(SharedServices services, String topic) {
        return TopicContents.all(services.bootstrap(), topic, IsolationLevel.READ_UNCOMMITTED, READ)
                .size();
    }

    /** Every prediction, partition by partition. */
    List<Prediction> all() {
        List<Prediction> out = new ArrayList<>();
        byPartition.values().forEach(out::addAll);
        return out;
    }

    /** How many predictions each source event id has. */
    Map<String, Integer> perSourceEvent() {
        Map<String, Integer> out = new HashMap<>();
        all().forEach(p -> out.merge(String.valueOf(p.getSourceEventId()), 1, Integer::sum));
        return out;
    }

    /**
     * The predictions of events ev-{@code first} to ev-{@code last} (exclusive) counted: the figures a test asserts
     * and reports.
     */
    Tally tally(int first, int last) {
        Map<String, Integer> per = perSourceEvent();
        List<String> missing = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        for (int i = first; i < last; i++) {
            int n = per.getOrDefault(ScaleOutTraffic.eventId(i), 0);
            if (n == 0) {
                missing.add(ScaleOutTraffic.eventId(i));
            } else if (n > 1) {
                duplicated.add(ScaleOutTraffic.eventId(i));
            }
        }
        return new Tally(last - first, all().size(), duplicated, missing);
    }

    /**
     * Events, the predictions read, and the events with more than one prediction or none.
     *
     * @param events      events sent
     * @param predictions predictions read
     * @param duplicated  ids of events with more than one prediction
     * @param missing     ids of events with none
     */
    record Tally(int events, int predictions, List<String> duplicated, List<String> missing) {

        /** Fails unless every event has exactly one prediction, naming the events that do not. */
        void assertEveryEventOnce() {
            assertThat(duplicated)
                    .as("events with more than one prediction: %s", this)
                    .isEmpty();
            assertThat(missing).as("events without a prediction: %s", this).isEmpty();
            assertThat(predictions).as("%s", this).isEqualTo(events);
        }

        @Override
        public String toString() {
            return events + " events, " + predictions + " predictions, " + duplicated.size() + " duplicated "
                    + duplicated + ", " + missing.size() + " missing " + missing;
        }
    }

    /** Each source event's prediction (the last one, should an event have several). */
    Map<String, Prediction> bySourceEvent() {
        Map<String, Prediction> out = new LinkedHashMap<>();
        all().forEach(p -> out.put(String.valueOf(p.getSourceEventId()), p));
        return out;
    }

    /** Each partition's model versions in offset order. */
    Map<Integer, List<Long>> versionsByPartition() {
        Map<Integer, List<Long>> out = new TreeMap<>();
        byPartition.forEach((partition, predictions) -> out.put(
                partition, predictions.stream().map(Prediction::getModelVersion).toList()));
        return out;
    }
}
