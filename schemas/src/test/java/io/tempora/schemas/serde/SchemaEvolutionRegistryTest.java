package io.tempora.schemas.serde;

import static io.tempora.schemas.serde.RegistryTestSupport.config;
import static io.tempora.schemas.serde.RegistryTestSupport.testSchema;
import static io.tempora.schemas.serde.RegistryTestSupport.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tempora.schemas.DeadLetter;
import io.tempora.schemas.Event;
import io.tempora.schemas.Samples;
import io.tempora.schemas.serde.registry.CompatibilityLevel;
import io.tempora.schemas.serde.registry.HttpSchemaRegistryClient;
import io.tempora.schemas.serde.registry.RegistryClientSettings;
import io.tempora.schemas.testing.RawRegistry;
import io.tempora.schemas.testing.RegistryDevExtension;
import io.tempora.schemas.testing.RegistryDevServer;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Schema evolution against the real registry: Event v1 (the generated class) and a test-only v2 that adds an
 * optional field read each other's records; a BACKWARD-incompatible v2 is refused with HTTP 409 and the serde
 * says so. Also the serializer options that choose the subject and the id.
 */
@ExtendWith(RegistryDevExtension.class)
class SchemaEvolutionRegistryTest {

    private static final Schema V2 = testSchema("Event-v2.avsc");
    private static final Schema V2_INCOMPATIBLE = testSchema("Event-v2-incompatible.avsc");

    private final RegistryDevServer server;
    private final RawRegistry raw;

    SchemaEvolutionRegistryTest(RegistryDevServer server) {
        this.server = server;
        this.raw = new RawRegistry(server.confluentApiUrl());
    }

    @Test
    void v1RecordIsReadByV2ReaderWithTheNewFieldDefaulted() {
        String topic = uniqueTopic("evolution");
        byte[] v1Bytes = v1Serializer().serialize(topic, Samples.event());

        ConfluentAvroDeserializer<GenericRecord> v2Reader = ConfluentAvroDeserializer.forGeneric(V2, null);
        v2Reader.configure(config(server.confluentApiUrl()), false);
        GenericRecord read = v2Reader.deserialize(topic, v1Bytes);

        assertThat(read.getSchema()).isEqualTo(V2);
        assertThat(read.get("sessionId")).isNull();
        assertSameEventFields(read, Samples.event());
    }

    @Test
    void v2RecordIsReadByV1ReaderIgnoringTheNewField() {
        String topic = uniqueTopic("evolution");
        int v1Id = idOf(v1Serializer().serialize(topic, Samples.event()));

        byte[] v2Bytes = genericSerializer().serialize(topic, v2Event("session-9"));
        int v2Id = idOf(v2Bytes);

        assertThat(v2Id).isNotEqualTo(v1Id);
        assertThat(raw.latest(topic + "-value").get("version").asInt())
                .as("v2 registered as version 2")
                .isEqualTo(2);
        assertThat(raw.latest(topic + "-value").get("id").asInt()).isEqualTo(v2Id);
        Event read = deserializer().deserialize(topic, v2Bytes);
        assertThat(read).isEqualTo(Samples.event());
    }

    @Test
    void incompatibleChangeIsRefusedByTheRegistryWith409AndSurfacedClearly() {
        String topic = uniqueTopic("evolution");
        v1Serializer().serialize(topic, Samples.event());
        GenericRecord bad = new GenericRecordBuilder(V2_INCOMPATIBLE)
                .set("entityId", "customer-42")
                .set("eventTime", 1L)
                .set("type", "purchase")
                .set("priority", 1)
                .build();

        ConfluentAvroSerializer<GenericRecord> serializer = genericSerializer();
        assertThatThrownBy(() -> serializer.serialize(topic, bad))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> {
                    assertThat(e.subject()).isEqualTo(topic + "-value");
                    assertThat(e.reasonCode()).isEqualTo("INCOMPATIBLE_SCHEMA");
                })
                .hasMessageContaining("HTTP 409")
                .hasMessageContaining(topic + "-value")
                .hasMessageContaining("new fields need defaults");
        assertThat(raw.latest(topic + "-value").get("version").asInt())
                .as("nothing registered")
                .isEqualTo(1);
    }

    @Test
    void perSubjectCompatibilityOverridesTheRegistryDefault() {
        String topic = uniqueTopic("evolution");
        v1Serializer().serialize(topic, Samples.event());
        try (HttpSchemaRegistryClient client =
                new HttpSchemaRegistryClient(RegistryClientSettings.of(server.confluentApiUrl()))) {
            // A new required field breaks BACKWARD (refused above) but not FORWARD: old readers just skip it.
            client.updateCompatibility(topic + "-value", CompatibilityLevel.FORWARD);

            int id = client.register(topic + "-value", V2_INCOMPATIBLE);

            assertThat(raw.latest(topic + "-value").get("id").asInt()).isEqualTo(id);
            assertThat(raw.latest(topic + "-value").get("version").asInt()).isEqualTo(2);
        }
    }

    @Test
    void useLatestVersionWritesWithTheLatestRegisteredSchema() {
        String topic = uniqueTopic("latest");
        v1Serializer().serialize(topic, Samples.event());
        int v2Id = raw.register(topic + "-value", V2);

        EventSerializer serializer = new EventSerializer();
        serializer.configure(
                config(server.confluentApiUrl(), "use.latest.version", "true", "auto.register.schemas", "false"),
                false);
        byte[] bytes = serializer.serialize(topic, Samples.event());

        assertThat(idOf(bytes)).isEqualTo(v2Id);
        ConfluentAvroDeserializer<GenericRecord> v2Reader = ConfluentAvroDeserializer.forGeneric(V2, null);
        v2Reader.configure(config(server.confluentApiUrl()), false);
        GenericRecord read = v2Reader.deserialize(topic, bytes);
        assertThat(read.get("sessionId")).isNull();
        assertSameEventFields(read, Samples.event());
        assertThat(deserializer().deserialize(topic, bytes)).isEqualTo(Samples.event());
    }

    @Test
    void recordNameStrategyRegistersOneSubjectForAllTopics() {
        DeadLetterSerializer serializer = new DeadLetterSerializer();
        serializer.configure(
                config(
                        server.confluentApiUrl(),
                        "value.subject.name.strategy",
                        "io.confluent.kafka.serializers.subject.RecordNameStrategy"),
                false);

        int first = idOf(serializer.serialize(uniqueTopic("dlq-a"), Samples.deadLetter()));
        int second = idOf(serializer.serialize(uniqueTopic("dlq-b"), Samples.deadLetter()));

        assertThat(second).isEqualTo(first);
        assertThat(raw.latest(DeadLetter.getClassSchema().getFullName())
                        .get("id")
                        .asInt())
                .isEqualTo(first);
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaIsAClearError() {
        EventSerializer serializer = new EventSerializer();
        serializer.configure(config(server.confluentApiUrl(), "auto.register.schemas", false), false);
        String topic = uniqueTopic("unregistered");

        assertThatThrownBy(() -> serializer.serialize(topic, Samples.event()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus())
                        .isEqualTo(404))
                .hasMessageContaining(topic + "-value")
                .hasMessageContaining("auto.register.schemas=true");
    }

    private EventSerializer v1Serializer() {
        EventSerializer serializer = new EventSerializer();
        serializer.configure(config(server.confluentApiUrl()), false);
        return serializer;
    }

    private ConfluentAvroSerializer<GenericRecord> genericSerializer() {
        ConfluentAvroSerializer<GenericRecord> serializer = new ConfluentAvroSerializer<>();
        serializer.configure(config(server.confluentApiUrl()), false);
        return serializer;
    }

    private EventDeserializer deserializer() {
        EventDeserializer deserializer = new EventDeserializer();
        deserializer.configure(config(server.confluentApiUrl()), false);
        return deserializer;
    }

    private static GenericRecord v2Event(String sessionId) {
        Event e = Samples.event();
        return new GenericRecordBuilder(V2)
                .set("entityId", e.getEntityId())
                .set("eventTime", e.getEventTime().toEpochMilli())
                .set("type", e.getType())
                .set("features", e.getFeatures())
                .set("attributes", e.getAttributes())
                .set("eventId", e.getEventId())
                .set("sessionId", sessionId)
                .build();
    }

    private static int idOf(byte[] framed) {
        return ByteBuffer.wrap(framed, 1, 4).getInt();
    }

    /** Generic records carry Utf8 strings and raw longs; compare them field by field with the specific record. */
    private static void assertSameEventFields(GenericRecord read, Event expected) {
        assertThat(read.get("entityId")).hasToString(expected.getEntityId());
        assertThat(read.get("eventTime")).isEqualTo(expected.getEventTime().toEpochMilli());
        assertThat(read.get("type")).hasToString(expected.getType());
        assertThat(stringKeys(read.get("features"))).isEqualTo(new TreeMap<>(expected.getFeatures()));
        assertThat(stringKeys(read.get("attributes"))).isEqualTo(new TreeMap<>(expected.getAttributes()));
        assertThat(read.get("eventId")).hasToString(expected.getEventId());
    }

    private static Map<String, Object> stringKeys(Object avroMap) {
        Map<String, Object> out = new TreeMap<>();
        ((Map<?, ?>) avroMap).forEach((k, v) -> out.put(k.toString(), v instanceof CharSequence ? v.toString() : v));
        return out;
    }
}
