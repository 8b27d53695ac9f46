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
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Which schema id the serializer writes for each combination of {@code auto.register.schemas},
 * {@code use.schema.id} and {@code use.latest.version}, against a subject with two registered versions: the
 * ids Confluent's serializer writes for the same properties, whose precedence is auto-register, then the fixed
 * id, then the latest version, then a look-up of the record's own schema. Also the strictness options.
 */
@ExtendWith(RegistryDevExtension.class)
class SchemaSelectionRegistryTest {

    private static final Schema V2 = testSchema("Event-v2.avsc");

    private final RegistryDevServer server;
    private final RawRegistry raw;

    SchemaSelectionRegistryTest(RegistryDevServer server) {
        this.server = server;
        this.raw = new RawRegistry(server.confluentApiUrl());
    }

    @Test
    void propertiesChooseTheSameIdsAsConfluentsSerializer() {
        String topic = uniqueTopic("selection");
        String subject = topic + "-value";
        int v1 = raw.register(subject, Event.getClassSchema());
        int v2 = raw.register(subject, V2);
        assertThat(v2).as("two distinct versions").isNotEqualTo(v1);
        assertThat(raw.latest(subject).get("id").asInt()).as("v2 is the latest").isEqualTo(v2);

        // The record is v1. Expected: the id Confluent's AbstractKafkaAvroSerializer writes for these properties.
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("", v1);
        expected.put("use.latest.version=true", v1);
        expected.put("use.schema.id=" + v2, v1);
        expected.put("use.schema.id=" + v2 + ",use.latest.version=true", v1);
        expected.put("auto.register.schemas=false", v1);
        expected.put("auto.register.schemas=false,use.latest.version=true", v2);
        expected.put("auto.register.schemas=false,use.schema.id=" + v2, v2);
        expected.put("auto.register.schemas=false,use.schema.id=" + v1 + ",use.latest.version=true", v1);

        SoftAssertions softly = new SoftAssertions();
        expected.forEach((properties, id) -> {
            byte[] bytes = serializer(properties).serialize(topic, Samples.event());
            softly.assertThat(idOf(bytes))
                    .as("schema id written with {%s}", properties)
                    .isEqualTo(id);
            softly.assertThat(eventDeserializer().deserialize(topic, bytes))
                    .as("bytes match the id written with {%s}", properties)
                    .isEqualTo(Samples.event());
        });
        softly.assertAll();
        assertThat(raw.latest(subject).get("version").asInt())
                .as("nothing new registered")
                .isEqualTo(2);
    }

    @Test
    void useLatestVersionWritesTheRecordConvertedToTheLatestSchema() {
        String topic = uniqueTopic("selection");
        int v1 = raw.register(topic + "-value", Event.getClassSchema());
        int v2 = raw.register(topic + "-value", V2);

        byte[] bytes = serializer("auto.register.schemas=false,use.latest.version=true")
                .serialize(topic, Samples.event());

        assertThat(idOf(bytes)).isEqualTo(v2).isNotEqualTo(v1);
        ConfluentAvroDeserializer<GenericRecord> v2Reader = ConfluentAvroDeserializer.forGeneric(V2, null);
        v2Reader.configure(config(server.confluentApiUrl()), false);
        GenericRecord read = v2Reader.deserialize(topic, bytes);
        assertThat(read.get("sessionId")).isNull();
        assertThat(read.get("entityId")).hasToString(Samples.event().getEntityId());
    }

    @Test
    void aFixedIdThatCannotReadTheRecordIsRefusedWhenStrict() {
        String topic = uniqueTopic("selection");
        int deadLetterId = raw.register(uniqueTopic("other") + "-value", DeadLetter.getClassSchema());

        ConfluentAvroSerializer<Event> serializer =
                serializer("auto.register.schemas=false,use.schema.id=" + deadLetterId);

        assertThatThrownBy(() -> serializer.serialize(topic, Samples.event()))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> assertThat(e.reasonCode())
                        .isEqualTo("INCOMPATIBLE_SCHEMA"))
                .hasMessageContaining("use.schema.id: schema id " + deadLetterId)
                .hasMessageContaining("id.compatibility.strict=false");
    }

    @Test
    void strictnessDecidesWhetherALatestVersionThatReadsOnlySomeRecordsIsUsable() {
        String topic = uniqueTopic("selection");
        String subject = topic + "-value";
        // The application's schema has a union with an int branch that the latest version lacks: records with a
        // string convert, records with an int cannot.
        Schema own = unionSchema(true);
        Schema narrower = unionSchema(false);
        raw.register(subject, own);
        try (HttpSchemaRegistryClient client =
                new HttpSchemaRegistryClient(RegistryClientSettings.of(server.confluentApiUrl()))) {
            // Narrowing a union breaks BACKWARD; the old schema still reads the new one's records (FORWARD).
            client.updateCompatibility(subject, CompatibilityLevel.FORWARD);
        }
        int latest = raw.register(subject, narrower);
        GenericRecord text = new GenericData.Record(own);
        text.put("value", "seven");
        GenericRecord number = new GenericData.Record(own);
        number.put("value", 7);

        ConfluentAvroSerializer<GenericRecord> strict =
                genericSerializer("auto.register.schemas=false," + "use.latest.version=true");
        assertThatThrownBy(() -> strict.serialize(topic, text))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("latest version 2 (id " + latest + ")")
                .hasMessageContaining("latest.compatibility.strict=false");

        ConfluentAvroSerializer<GenericRecord> lenient = genericSerializer(
                "auto.register.schemas=false," + "use.latest.version=true,latest.compatibility.strict=false");
        byte[] bytes = lenient.serialize(topic, text);
        assertThat(idOf(bytes)).isEqualTo(latest);
        ConfluentAvroDeserializer<GenericRecord> reader = ConfluentAvroDeserializer.forGeneric(narrower, null);
        reader.configure(config(server.confluentApiUrl()), false);
        assertThat(reader.deserialize(topic, bytes).get("value")).hasToString("seven");
        assertThatThrownBy(() -> lenient.serialize(topic, number))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("cannot be converted");
    }

    private static Schema unionSchema(boolean withInt) {
        SchemaBuilder.UnionAccumulator<SchemaBuilder.NullDefault<Schema>> union = SchemaBuilder.record("Measurement")
                .namespace("io.tempora.test")
                .fields()
                .name("value")
                .type()
                .unionOf()
                .nullType()
                .and()
                .stringType();
        return (withInt ? union.and().intType() : union)
                .endUnion()
                .nullDefault()
                .endRecord();
    }

    /** An Event serializer configured with comma-separated {@code key=value} pairs. */
    private ConfluentAvroSerializer<Event> serializer(String properties) {
        ConfluentAvroSerializer<Event> serializer = new ConfluentAvroSerializer<>();
        serializer.configure(properties(properties), false);
        return serializer;
    }

    private ConfluentAvroSerializer<GenericRecord> genericSerializer(String properties) {
        ConfluentAvroSerializer<GenericRecord> serializer = new ConfluentAvroSerializer<>();
        serializer.configure(properties(properties), false);
        return serializer;
    }

    private Map<String, Object> properties(String properties) {
        Map<String, Object> config = config(server.confluentApiUrl());
        for (String pair : properties.split(",")) {
            if (!pair.isEmpty()) {
                config.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        return config;
    }

    private EventDeserializer eventDeserializer() {
        EventDeserializer deserializer = new EventDeserializer();
        deserializer.configure(config(server.confluentApiUrl()), false);
        return deserializer;
    }

    private static int idOf(byte[] framed) {
        return ByteBuffer.wrap(framed, 1, 4).getInt();
    }
}
