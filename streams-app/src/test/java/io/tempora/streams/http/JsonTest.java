package io.tempora.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.schemas.Prediction;
import io.tempora.schemas.PredictionTrigger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON the endpoints write: escaping, non-finite numbers, instants and Avro records. */
class JsonTest {

    @Test
    void escapesStringsAndWritesNonFiniteNumbersAsNull() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a\"b\\c\nd\u0001");
        m.put("nan", Double.NaN);
        m.put("inf", Double.POSITIVE_INFINITY);
        m.put("x", 1.5);
        m.put("n", 7L);
        m.put("list", List.of(true, "t"));
        m.put("at", Instant.ofEpochMilli(0));
        assertThat(Json.write(m))
                .isEqualTo("{\"s\":\"a\\\"b\\\\c\\nd\\u0001\",\"nan\":null,\"inf\":null,\"x\":1.5,\"n\":7,"
                        + "\"list\":[true,\"t\"],\"at\":\"1970-01-01T00:00:00Z\"}");
    }

    @Test
    void anAvroRecordIsAnObjectOfItsFieldsInSchemaOrder() {
        Prediction p = Prediction.newBuilder()
                .setEntityId("e")
                .setAsOf(Instant.ofEpochMilli(1000))
                .setModelName("m")
                .setModelVersion(3)
                .setTrigger(PredictionTrigger.QUERY)
                .setEventLogLikelihood(null)
                .setTotalIntensity(0.25)
                .setExpectedMillisToNextEvent(Double.NaN)
                .setTruncationHorizonMillis(0)
                .build();
        String json = Json.write(p);
        assertThat(json)
                .startsWith("{\"entityId\":\"e\",\"asOf\":\"1970-01-01T00:00:01Z\",\"modelName\":\"m\","
                        + "\"modelVersion\":3")
                .contains("\"trigger\":\"QUERY\"")
                .contains("\"totalIntensity\":0.25")
                .contains("\"expectedMillisToNextEvent\":null")
                .contains("\"sourceEventId\":null");
        for (org.apache.avro.Schema.Field f : Prediction.getClassSchema().getFields()) {
            assertThat(json).contains("\"" + f.name() + "\":");
        }
    }

    @Test
    void fieldsAreAddedAfterAnObjectsOwn() {
        assertThat(Json.withFields("{\"a\":1}", Map.of("stale", true))).isEqualTo("{\"a\":1,\"stale\":true}");
        assertThat(Json.withFields("{}", Map.of("n", 2L))).isEqualTo("{\"n\":2}");
        Map<String, Object> absent = new LinkedHashMap<>();
        absent.put("lag", null);
        assertThat(Json.withFields("{\"a\":\"}\"}", absent)).isEqualTo("{\"a\":\"}\",\"lag\":null}");
    }
}
