package io.tempora.streams.model;

import io.tempora.schemas.ModelParameters;
import io.tempora.schemas.serde.ModelParametersSerializer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes model versions to the compacted {@code model-parameters} topic, keyed by model name, with the schemas
 * module's {@link ModelParametersSerializer} (Confluent wire format). The producer is idempotent with
 * {@code acks=all}, so a retried send never writes a version twice. Used by the demo and the trainer.
 *
 * <p>Thread-safe (one Kafka producer).
 */
public final class ModelPublisher implements AutoCloseable {

    /** The producer's client id unless the configuration gives one. */
    public static final String DEFAULT_CLIENT_ID = "tempora-model-publisher";

    private final String topic;
    private final Producer<String, ModelParameters> producer;

    /**
     * A publisher to {@code topic}.
     *
     * @param config producer properties (at least {@code bootstrap.servers}) together with the serializer's
     *               ({@code schema.registry.url}, ...); each is given the keys it knows. Idempotence and
     *               {@code acks=all} are set by the publisher.
     */
    public ModelPublisher(Map<String, ?> config, String topic) {
        this.topic = Objects.requireNonNull(topic, "topic");
        Map<String, Object> producerConfig = new HashMap<>();
        for (Map.Entry<String, ?> e : config.entrySet()) {
            if (ProducerConfig.configNames().contains(e.getKey())) {
                producerConfig.put(e.getKey(), e.getValue());
            }
        }
        producerConfig.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, DEFAULT_CLIENT_ID);
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        ModelParametersSerializer serializer = new ModelParametersSerializer();
        serializer.configure(new HashMap<>(config), false);
        this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), serializer);
    }

    /**
     * Publishes {@code version} under its model name and waits for the broker's acknowledgement.
     *
     * @return where it was written
     * @throws IllegalStateException if the write fails or is not acknowledged within {@code timeout}
     */
    public RecordMetadata publish(ModelParameters version, Duration timeout) {
        String label = ServingModel.label(version.getModelName(), version.getVersion());
        try {
            return producer.send(new ProducerRecord<>(topic, version.getModelName(), version))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing model " + label, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "publishing model " + label + " to " + topic + " failed: "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "publishing model " + label + " to " + topic + " was not acknowledged " + "within " + timeout, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
