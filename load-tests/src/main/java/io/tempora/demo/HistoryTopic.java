package io.tempora.demo;

import io.tempora.data.Dataset;
import io.tempora.data.EventSequence;
import io.tempora.schemas.Event;
import io.tempora.schemas.serde.EventSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The simulated history on the events topic, before the live stream: what the training service's first run reads
 * and trains the first model on, as a deployment's trainer reads the events its streams app has already processed.
 *
 * <p>Each history event is one Avro record keyed by its entity, with its event id ({@code entity-0007-12}, the live
 * stream's ids continue the count) and its event time as both the event's time and the record's timestamp, so that
 * the trainer's window (by record timestamps) finds it where the event happened.
 *
 * <p>The streams app is meant to start <em>after</em> the history, as an app that had processed it would: {@link
 * #placeAppAfterHistory} commits the app's consumer group ({@code application.id}) at the topic's end offsets before
 * the app first starts. So the app makes no prediction for a history event and the demo's accounting (one prediction
 * per accepted live event, every live record predicted or dead-lettered) is about the live stream alone; the history's
 * size is reported beside it.
 */
public final class HistoryTopic {

    /** How long producing the history and committing the offsets may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private HistoryTopic() {}

    /**
     * Produces every event of {@code history} (times in epoch milliseconds) to {@code topic}, entity by entity in time
     * order, and waits for the broker's acknowledgement of each.
     *
     * @return the number of records produced
     */
    public static long produce(Map<String, Object> clients, EventSerializer serializer, String topic, Dataset history) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, clients.get("bootstrap.servers"));
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "tempora-demo-history");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        List<Future<RecordMetadata>> sends = new ArrayList<>(Math.toIntExact(history.numEvents()));
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (EventSequence s : history.sequences()) {
                byte[] key = s.entityId().getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < s.size(); i++) {
                    long timeMs = Math.round(s.time(i));
                    Event event = MalformedRecords.event(
                            s.entityId(), timeMs, history.types().name(s.type(i)), s.entityId() + "-" + i);
                    sends.add(producer.send(
                            new ProducerRecord<>(topic, null, timeMs, key, serializer.serialize(topic, event))));
                }
            }
            producer.flush();
            for (Future<RecordMetadata> f : sends) {
                f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while producing the history to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("producing the history to " + topic + " failed: " + e, e);
        }
        return sends.size();
    }

    /**
     * Commits consumer group {@code applicationId} (the streams app's) at the end offsets of {@code topic}, so that the
     * app, started afterwards, begins with the first record after the history.
     */
    public static void placeAppAfterHistory(Map<String, Object> clients, String topic, String applicationId) {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, clients.get("bootstrap.servers")))) {
            Set<TopicPartition> partitions = admin
                    .describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic)
                    .partitions()
                    .stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .collect(Collectors.toSet());
            Map<TopicPartition, OffsetSpec> latest =
                    partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            admin.listOffsets(latest)
                    .all()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((p, info) -> ends.put(p, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(applicationId, ends).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while placing the app after the history", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "committing group " + applicationId + " at the end of " + topic + " failed: " + e, e);
        }
    }
}
