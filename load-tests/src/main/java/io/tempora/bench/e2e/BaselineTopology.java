package io.tempora.bench.e2e;

import io.tempora.schemas.EntityStatus;
import io.tempora.schemas.Event;
import io.tempora.schemas.Prediction;
import io.tempora.schemas.serde.EventDeserializer;
import io.tempora.schemas.serde.PredictionSerializer;
import io.tempora.streams.processor.PredictionMapper;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The end-to-end benchmark's baseline: what any stateful Kafka Streams app does per record and nothing more. It
 * reads the events topic as bytes (as the product's topology does), deserialises each Avro Event through the
 * project's serde, gets and puts a 16-byte per-entity state (event count and latest event time) in a persistent,
 * changelogged RocksDB store, and writes a small Avro Prediction (no model: {@link PredictionMapper#withoutModel})
 * through the project's serde, keyed by the input's key. No model, no validation, no dead letters: the product's
 * extra work per event is what the ratio of the two throughputs measures.
 */
public final class BaselineTopology {

    /** The per-entity store. */
    public static final String STORE = "baseline-state";

    private static final String SOURCE = "events";
    private static final String PROCESSOR = "baseline";
    private static final String SINK = "outputs";
    /** Bytes of the state: the event count and the latest event time, two longs. */
    private static final int STATE_BYTES = 2 * Long.BYTES;

    private BaselineTopology() {}

    /**
     * The topology from {@code eventsTopic} to {@code outputTopic}; {@code serdeConfig} names the schema registry.
     */
    public static Topology build(String eventsTopic, String outputTopic, Map<String, Object> serdeConfig) {
        Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), eventsTopic);
        topology.addProcessor(PROCESSOR, () -> new Step(eventsTopic, outputTopic, serdeConfig), SOURCE);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray()),
                PROCESSOR);
        topology.addSink(SINK, outputTopic, new ByteArraySerializer(), new ByteArraySerializer(), PROCESSOR);
        return topology;
    }

    /** Deserialise, get, put, serialise, forward. */
    private static final class Step extends ContextualProcessor<byte[], byte[], byte[], byte[]> {
        private final String eventsTopic;
        private final String outputTopic;
        private final Map<String, Object> serdeConfig;
        private EventDeserializer events;
        private PredictionSerializer predictions;
        private KeyValueStore<String, byte[]> store;

        Step(String eventsTopic, String outputTopic, Map<String, Object> serdeConfig) {
            this.eventsTopic = eventsTopic;
            this.outputTopic = outputTopic;
            this.serdeConfig = serdeConfig;
        }

        @Override
        public void init(org.apache.kafka.streams.processor.api.ProcessorContext<byte[], byte[]> context) {
            super.init(context);
            events = new EventDeserializer();
            events.configure(serdeConfig, false);
            predictions = new PredictionSerializer();
            predictions.configure(serdeConfig, false);
            store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            Event event = events.deserialize(eventsTopic, record.value());
            String entity = event.getEntityId();
            long timeMs = event.getEventTime().toEpochMilli();
            byte[] previous = store.get(entity);
            long count = previous == null ? 0 : ByteBuffer.wrap(previous).getLong();
            store.put(
                    entity,
                    ByteBuffer.allocate(STATE_BYTES)
                            .putLong(count + 1)
                            .putLong(timeMs)
                            .array());
            Prediction out = PredictionMapper.withoutModel(
                    entity, timeMs, event.getEventId(), count == 0 ? EntityStatus.NEW : EntityStatus.CONTINUING);
            context().forward(record.withValue(predictions.serialize(outputTopic, out)));
        }

        @Override
        public void close() {
            events.close();
            predictions.close();
        }
    }
}
