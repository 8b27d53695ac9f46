package io.tempora.schemas;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Fully populated records of every type: every optional field set, so a lost field shows in a round trip. */
public final class Samples {

    private Samples() {}

    public static Event event() {
        return Event.newBuilder()
                .setEntityId("customer-42")
                .setEventTime(Instant.ofEpochMilli(1_764_000_000_123L))
                .setType("purchase")
                .setFeatures(Map.of("amount", 12.5, "items", 3.0))
                .setAttributes(Map.of("channel", "web", "country", "NZ"))
                .setEventId("evt-0001")
                .build();
    }

    public static Prediction prediction() {
        return Prediction.newBuilder()
                .setEntityId("customer-42")
                .setAsOf(Instant.ofEpochMilli(1_764_000_000_123L))
                .setModelName("churn")
                .setModelVersion(7L)
                .setTrigger(PredictionTrigger.EVENT)
                .setEventLogLikelihood(-3.25)
                .setTotalIntensity(0.015)
                .setTypeIntensities(Map.of("purchase", 0.01, "visit", 0.005))
                .setHorizons(List.of(
                        HorizonProbability.newBuilder()
                                .setHorizonMillis(3_600_000L)
                                .setProbability(0.2)
                                .setTypeProbabilities(Map.of("purchase", 0.12, "visit", 0.08))
                                .build(),
                        HorizonProbability.newBuilder()
                                .setHorizonMillis(86_400_000L)
                                .setProbability(0.7)
                                .setTypeProbabilities(Map.of("purchase", 0.45, "visit", 0.25))
                                .build()))
                .setNextEventQuantiles(List.of(
                        TimeQuantile.newBuilder()
                                .setLevel(0.5)
                                .setMillisAfterAsOf(40_000_000.0)
                                .build(),
                        TimeQuantile.newBuilder()
                                .setLevel(0.9)
                                .setMillisAfterAsOf(null)
                                .build()))
                .setExpectedMillisToNextEvent(38_000_000.0)
                .setTruncationHorizonMillis(86_400_000L)
                .setNextTypeDistribution(Map.of("purchase", 0.64, "visit", 0.36))
                .setPredictedNextFeatures(Map.of("amount", 14.0))
                .setSolverStatistics(SolverStatistics.newBuilder()
                        .setFunctionEvaluations(86)
                        .setAcceptedSteps(13)
                        .setRejectedSteps(2)
                        .build())
                .setSourceEventId("evt-0001")
                .setEntityStatus(EntityStatus.RETURNED_AFTER_EVICTION)
                .build();
    }

    public static ModelParameters modelParameters() {
        ByteBuffer data = ByteBuffer.allocate(6 * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : new double[] {0.5, -1.25, 3.0, Math.PI, -0.0, 1e-300}) {
            data.putDouble(v);
        }
        data.flip();
        return ModelParameters.newBuilder()
                .setModelName("churn")
                .setVersion(7L)
                .setParentVersion(6L)
                .setCreatedAt(Instant.ofEpochMilli(1_763_990_000_000L))
                .setArchitecture(ModelArchitecture.newBuilder()
                        .setFamily("latent-ode-gru")
                        .setLatentDim(16)
                        .setHiddenDim(64)
                        .setTypeEmbeddingDim(8)
                        .setSolver("dopri5")
                        .setRelativeTolerance(1e-6)
                        .setAbsoluteTolerance(1e-8)
                        .setSettings(Map.of("activation", "tanh"))
                        .build())
                .setTimeUnitMillis(3_600_000.0)
                .setTypeVocabulary(List.of("purchase", "visit"))
                .setFeatureStatistics(List.of(FeatureStatistics.newBuilder()
                        .setName("amount")
                        .setMean(10.0)
                        .setStandardDeviation(4.0)
                        .setCount(1000L)
                        .build()))
                .setTensors(List.of(Tensor.newBuilder()
                        .setName("odefunc.layer0.weight")
                        .setShape(List.of(2, 3))
                        .setData(data)
                        .build()))
                .setTrainingMetrics(Map.of("validation.logLikelihoodPerEvent", -2.5))
                .setChecksum("sha256:00ff")
                .setSignature(ByteBuffer.wrap(new byte[] {1, 2, 3, (byte) 0xff}))
                .build();
    }

    public static DeadLetter deadLetter() {
        return DeadLetter.newBuilder()
                .setReasonCode("UNKNOWN_MAGIC_BYTE")
                .setReasonMessage("Record starts with byte 0x7b")
                .setSourceTopic("events")
                .setSourcePartition(3)
                .setSourceOffset(123_456L)
                .setSourceTimestamp(Instant.ofEpochMilli(1_764_000_000_999L))
                .setRawKey(ByteBuffer.wrap("customer-42".getBytes(StandardCharsets.UTF_8)))
                .setRawValue(ByteBuffer.wrap("{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8)))
                .build();
    }
}
