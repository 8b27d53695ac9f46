package io.tempora.streams;

import io.tempora.streams.model.ServingModel;
import io.tempora.streams.processor.EventProcessor;
import io.tempora.streams.processor.ProcessorMetrics;
import io.tempora.streams.processor.ProcessorSettings;
import io.tempora.streams.state.EntityRecordSerde;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The application's topology, a static function of its configuration (design.md, "Streams topology"):
 *
 * <pre>
 *   events (bytes) ──► EventProcessor ──► predictions   (Prediction, keyed by entity id)
 *                         │  ▲     └────► events-dlq    (DeadLetter, keyed by the original key bytes)
 *                         ▼  │
 *                    entity-state, entity-lifetime, entity-evicted (persistent RocksDB, changelogged)
 * </pre>
 *
 * Values travel as bytes at both ends: the processor deserialises and serialises itself (see
 * {@link EventProcessor} for why). Model versions do not flow through the topology: {@code models} hands
 * the processors the serving version, validated before it is handed out. The lifetime stores order the
 * entities by their latest event time (eviction and timer predictions scan ranges of it) and remember evicted
 * entities for a while; all three are written in the same task as the output, so exactly-once keeps them
 * consistent with one another.
 */
public final class TemporaTopology {

    /** Node names, stable across releases (they name the internal topics and the metrics). */
    public static final String SOURCE = "events-source";

    public static final String PROCESSOR = "event-processor";

    private TemporaTopology() {}

    /** The topology for {@code config}, with the serving model from {@code models} (null while none). */
    public static Topology build(TemporaConfig config, Supplier<ServingModel> models) {
        return build(config, models, ProcessorMetrics.discarding());
    }

    /** The topology for {@code config}, counting what its processors do in {@code metrics}. */
    public static Topology build(TemporaConfig config, Supplier<ServingModel> models, ProcessorMetrics metrics) {
        ProcessorSettings settings = ProcessorSettings.of(config);
        Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), config.eventsTopic());
        topology.addProcessor(PROCESSOR, () -> new EventProcessor(settings, models, metrics), SOURCE);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(Topics.ENTITY_STATE_STORE),
                        Serdes.String(),
                        new EntityRecordSerde()),
                PROCESSOR);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(Topics.ENTITY_LIFETIME_STORE),
                        Serdes.Bytes(),
                        Serdes.ByteArray()),
                PROCESSOR);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(Topics.ENTITY_EVICTED_STORE), Serdes.String(), Serdes.Long()),
                PROCESSOR);
        topology.addSink(
                EventProcessor.PREDICTIONS_SINK,
                config.predictionsTopic(),
                new ByteArraySerializer(),
                new ByteArraySerializer(),
                PROCESSOR);
        topology.addSink(
                EventProcessor.DLQ_SINK,
                config.dlqTopic(),
                new ByteArraySerializer(),
                new ByteArraySerializer(),
                PROCESSOR);
        return topology;
    }
}
