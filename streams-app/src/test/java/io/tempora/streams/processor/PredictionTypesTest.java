package io.tempora.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.data.TypeVocabulary;
import io.tempora.model.EventModel;
import io.tempora.model.FeatureStatistics;
import io.tempora.model.ModelArchitecture;
import io.tempora.schemas.Event;
import io.tempora.schemas.HorizonProbability;
import io.tempora.schemas.Prediction;
import io.tempora.schemas.serde.EventSerializer;
import io.tempora.schemas.serde.PredictionDeserializer;
import io.tempora.schemas.testing.RegistryDevExtension;
import io.tempora.schemas.testing.RegistryDevServer;
import io.tempora.streams.TemporaConfig;
import io.tempora.streams.TemporaTopology;
import io.tempora.streams.Topics;
import io.tempora.streams.model.ServingModel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code tempora.prediction.max.types} on the real topology: a model of more types than the maximum gets
 * predictions listing only the types most likely to come next, with the same figures for them and the same
 * totals as a prediction listing every type.
 */
@ExtendWith(RegistryDevExtension.class)
class PredictionTypesTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final int TYPES = 40;
    private static final int LISTED = 5;

    private final RegistryDevServer registry;

    PredictionTypesTest(RegistryDevServer registry) {
        this.registry = registry;
    }

    private static ServingModel manyTypes() {
        EventModel m = EventModel.create(
                new ModelArchitecture(4, 8, 3, TYPES, 1),
                1_000.0,
                TypeVocabulary.numbered(TYPES),
                new FeatureStatistics(List.of("amount"), new double[] {10}, new double[] {5}),
                "m@1",
                23);
        return EventProcessorTest.serving(1, m);
    }

    /** The predictions of three events of one entity under {@code maxTypes}. */
    private List<Prediction> predictions(Integer maxTypes) {
        Map<String, Object> props = EventProcessorTest.driverProps("types-test", registry.confluentApiUrl());
        if (maxTypes != null) {
            props.put(TemporaConfig.PREDICTION_MAX_TYPES_CONFIG, maxTypes);
        }
        TemporaConfig config = new TemporaConfig(props);
        ServingModel model = manyTypes();
        Map<String, Object> serde = Map.of("schema.registry.url", registry.confluentApiUrl());
        try (TopologyTestDriver driver =
                        new TopologyTestDriver(TemporaTopology.build(config, () -> model), config.streamsProperties());
                EventSerializer serializer = new EventSerializer();
                PredictionDeserializer deserializer = new PredictionDeserializer()) {
            serializer.configure(serde, false);
            deserializer.configure(serde, false);
            TestInputTopic<byte[], byte[]> events =
                    driver.createInputTopic(Topics.EVENTS, new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<byte[], byte[]> out = driver.createOutputTopic(
                    Topics.PREDICTIONS, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            for (int i = 0; i < 3; i++) {
                Event e = Event.newBuilder()
                        .setEntityId("alice")
                        .setEventTime(Instant.ofEpochMilli(T0 + 700L * i))
                        .setType(model.model().types().name(i * 7))
                        .setFeatures(Map.of("amount", 3.0 + i))
                        .setEventId("a" + i)
                        .build();
                events.pipeInput("alice".getBytes(StandardCharsets.UTF_8), serializer.serialize(Topics.EVENTS, e));
            }
            return EventProcessorTest.readPredictions(out, deserializer);
        }
    }

    @Test
    void byDefaultAModelOfFortyTypesListsThemAll() {
        List<Prediction> all = predictions(null);
        assertThat(all).hasSize(3).allSatisfy(p -> {
            assertThat(p.getTypeIntensities()).hasSize(TYPES);
            assertThat(p.getNextTypeDistribution()).hasSize(TYPES);
            assertThat(p.getHorizons())
                    .allSatisfy(h -> assertThat(h.getTypeProbabilities()).hasSize(TYPES));
        });
    }

    @Test
    void aPredictionListsTheTypesMostLikelyNextWithTheSameFiguresAndTotals() {
        List<Prediction> all = predictions(null);
        List<Prediction> top = predictions(LISTED);
        assertThat(top).hasSize(all.size());
        for (int i = 0; i < all.size(); i++) {
            Prediction full = all.get(i);
            Prediction cut = top.get(i);
            List<String> expected = full.getNextTypeDistribution().entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                    .limit(LISTED)
                    .map(Map.Entry::getKey)
                    .toList();
            // An Avro map is read back as a hash map: its order is not the written one.
            assertThat(cut.getNextTypeDistribution().keySet()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(cut.getTypeIntensities().keySet()).containsExactlyInAnyOrderElementsOf(expected);
            for (String type : expected) {
                assertThat(cut.getTypeIntensities().get(type))
                        .isEqualTo(full.getTypeIntensities().get(type));
                assertThat(cut.getNextTypeDistribution().get(type))
                        .isEqualTo(full.getNextTypeDistribution().get(type));
            }
            assertThat(cut.getTotalIntensity()).isEqualTo(full.getTotalIntensity());
            assertThat(cut.getNextEventQuantiles()).isEqualTo(full.getNextEventQuantiles());
            for (int h = 0; h < full.getHorizons().size(); h++) {
                HorizonProbability f = full.getHorizons().get(h);
                HorizonProbability c = cut.getHorizons().get(h);
                assertThat(c.getProbability()).isEqualTo(f.getProbability());
                assertThat(c.getTypeProbabilities().keySet()).containsExactlyInAnyOrderElementsOf(expected);
                expected.forEach(t -> assertThat(c.getTypeProbabilities().get(t))
                        .isEqualTo(f.getTypeProbabilities().get(t)));
            }
        }
    }
}
