package io.tempora.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tempora.schemas.EntityStatus;
import io.tempora.schemas.Event;
import io.tempora.schemas.HorizonProbability;
import io.tempora.schemas.Prediction;
import io.tempora.schemas.PredictionTrigger;
import io.tempora.schemas.Samples;
import io.tempora.schemas.SolverStatistics;
import io.tempora.schemas.TimeQuantile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class PredictionDatumWriterTest {

    private static final int RANDOM_PREDICTIONS = 3000;
    private static final double[] SPECIAL_DOUBLES = {
        0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE
    };
    private static final long[] SPECIAL_LONGS = {0, -1, 1, 63, 64, -64, -65, Long.MAX_VALUE, Long.MIN_VALUE};

    @Test
    void itFollowsTheCurrentPredictionSchema() {
        assertThat(SchemaNormalization.parsingFingerprint64(Prediction.getClassSchema()))
                .as("the schema changed: update PredictionDatumWriter's fields and FINGERPRINT together")
                .isEqualTo(PredictionDatumWriter.FINGERPRINT);
        assertThat(PredictionDatumWriter.forSchema(Prediction.getClassSchema()))
                .isInstanceOf(PredictionDatumWriter.class);
    }

    @Test
    void anyOtherSchemaGetsAvrosOwnWriter() {
        Schema evolved = SchemaBuilder.record("Prediction")
                .namespace("io.tempora.schemas")
                .fields()
                .requiredString("entityId")
                .endRecord();

        assertThat(PredictionDatumWriter.forSchema(evolved)).isInstanceOf(SpecificDatumWriter.class);
        assertThat(PredictionDatumWriter.forSchema(Event.getClassSchema())).isInstanceOf(SpecificDatumWriter.class);
    }

    @Test
    void theSamplePredictionIsWrittenByteForByteAsAvroWritesIt() throws IOException {
        assertSameBytes(Samples.prediction());
    }

    @Test
    void aPredictionWithEveryOptionalFieldAbsentIsWrittenAsAvroWritesIt() throws IOException {
        Prediction p = Prediction.newBuilder()
                .setEntityId("")
                .setAsOf(Instant.ofEpochMilli(0))
                .setModelName("")
                .setModelVersion(-1)
                .setTrigger(PredictionTrigger.EVENT)
                .setEventLogLikelihood(null)
                .setTotalIntensity(Double.NaN)
                .setExpectedMillisToNextEvent(Double.NaN)
                .setTruncationHorizonMillis(0)
                .setSourceEventId(null)
                .setEntityStatus(EntityStatus.NEW)
                .build();

        assertSameBytes(p);
    }

    @Test
    void randomPredictionsAreWrittenByteForByteAsAvroWritesThem() throws IOException {
        SplittableRandom rng = new SplittableRandom(18);
        for (int i = 0; i < RANDOM_PREDICTIONS; i++) {
            assertSameBytes(random(rng));
        }
    }

    @Test
    void aNullInARequiredPlaceFailsWithAvrosMessage() {
        Prediction nullId = Samples.prediction();
        nullId.setEntityId(null);
        Map<String, Double> withNull = new HashMap<>();
        withNull.put("purchase", null);
        Prediction nullValue = Samples.prediction();
        nullValue.setTypeIntensities(withNull);
        DatumWriter<Object> writer = PredictionDatumWriter.forSchema(Prediction.getClassSchema());

        for (Prediction bad : List.of(nullId, nullValue)) {
            String avros = messageOf(() -> write(new SpecificDatumWriter<>(Prediction.getClassSchema()), bad));
            assertThat(avros).isNotBlank();
            assertThatThrownBy(() -> write(writer, bad)).hasMessage(avros);
        }
    }

    private static void assertSameBytes(Prediction p) throws IOException {
        byte[] avro = write(new SpecificDatumWriter<>(Prediction.getClassSchema()), p);
        byte[] ours = write(PredictionDatumWriter.forSchema(Prediction.getClassSchema()), p);
        assertThat(ours).as("%s", p).isEqualTo(avro);
    }

    private static byte[] write(DatumWriter<Object> writer, Prediction p) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        writer.write(p, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private interface Failing {
        void run() throws Exception;
    }

    private static String messageOf(Failing f) {
        try {
            f.run();
        } catch (Exception e) {
            return e.getMessage();
        }
        throw new AssertionError("Avro's writer did not fail");
    }

    private static Prediction random(SplittableRandom rng) {
        List<HorizonProbability> horizons = new ArrayList<>();
        for (int h = rng.nextInt(5); h > 0; h--) {
            horizons.add(HorizonProbability.newBuilder()
                    .setHorizonMillis(randomLong(rng))
                    .setProbability(randomDouble(rng))
                    .setTypeProbabilities(randomMap(rng))
                    .build());
        }
        List<TimeQuantile> quantiles = new ArrayList<>();
        for (int q = rng.nextInt(5); q > 0; q--) {
            quantiles.add(TimeQuantile.newBuilder()
                    .setLevel(randomDouble(rng))
                    .setMillisAfterAsOf(rng.nextBoolean() ? null : randomDouble(rng))
                    .build());
        }
        PredictionTrigger[] triggers = PredictionTrigger.values();
        EntityStatus[] statuses = EntityStatus.values();
        return Prediction.newBuilder()
                .setEntityId(randomString(rng))
                .setAsOf(Instant.ofEpochMilli(rng.nextLong(-1L << 50, 1L << 50)))
                .setModelName(randomString(rng))
                .setModelVersion(randomLong(rng))
                .setTrigger(triggers[rng.nextInt(triggers.length)])
                .setEventLogLikelihood(rng.nextBoolean() ? null : randomDouble(rng))
                .setTotalIntensity(randomDouble(rng))
                .setTypeIntensities(randomMap(rng))
                .setHorizons(horizons)
                .setNextEventQuantiles(quantiles)
                .setExpectedMillisToNextEvent(randomDouble(rng))
                .setTruncationHorizonMillis(randomLong(rng))
                .setNextTypeDistribution(randomMap(rng))
                .setPredictedNextFeatures(randomMap(rng))
                .setSolverStatistics(
                        rng.nextBoolean()
                                ? null
                                : SolverStatistics.newBuilder()
                                        .setFunctionEvaluations(rng.nextInt())
                                        .setAcceptedSteps(rng.nextInt(100))
                                        .setRejectedSteps(-rng.nextInt(100))
                                        .build())
                .setSourceEventId(rng.nextBoolean() ? null : randomString(rng))
                .setEntityStatus(statuses[rng.nextInt(statuses.length)])
                .build();
    }

    private static Map<String, Double> randomMap(SplittableRandom rng) {
        Map<String, Double> m = rng.nextBoolean() ? new LinkedHashMap<>() : new HashMap<>();
        for (int n = rng.nextInt(6); n > 0; n--) {
            m.put(randomString(rng), randomDouble(rng));
        }
        return m;
    }

    private static String randomString(SplittableRandom rng) {
        StringBuilder sb = new StringBuilder();
        for (int n = rng.nextInt(12); n > 0; n--) {
            // ASCII, Latin-1, CJK and a surrogate pair: one to four bytes of UTF-8 each
            switch (rng.nextInt(4)) {
                case 0 -> sb.append((char) rng.nextInt('a', 'z' + 1));
                case 1 -> sb.append((char) rng.nextInt(0xA0, 0x100));
                case 2 -> sb.append((char) rng.nextInt(0x4E00, 0x9FFF));
                default -> sb.appendCodePoint(rng.nextInt(0x1F300, 0x1F600));
            }
        }
        return sb.toString();
    }

    private static double randomDouble(SplittableRandom rng) {
        return rng.nextInt(8) == 0 ? SPECIAL_DOUBLES[rng.nextInt(SPECIAL_DOUBLES.length)] : rng.nextDouble(-1e6, 1e6);
    }

    private static long randomLong(SplittableRandom rng) {
        return rng.nextInt(4) == 0 ? SPECIAL_LONGS[rng.nextInt(SPECIAL_LONGS.length)] : rng.nextLong();
    }
}
