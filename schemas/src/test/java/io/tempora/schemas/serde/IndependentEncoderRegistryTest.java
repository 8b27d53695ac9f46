package io.tempora.schemas.serde;

import static io.tempora.schemas.serde.RegistryTestSupport.config;
import static io.tempora.schemas.serde.RegistryTestSupport.testSchema;
import static io.tempora.schemas.serde.RegistryTestSupport.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.schemas.Event;
import io.tempora.schemas.Samples;
import io.tempora.schemas.testing.RawRegistry;
import io.tempora.schemas.testing.RegistryDevExtension;
import io.tempora.schemas.testing.RegistryDevServer;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bytes made without this module's serializer, the way another client would: the schema registered by plain
 * HTTP, the Confluent header written by hand, the body by Avro's {@link BinaryEncoder}. The deserializer must
 * read them.
 */
@ExtendWith(RegistryDevExtension.class)
class IndependentEncoderRegistryTest {

    private final RegistryDevServer server;
    private final RawRegistry raw;

    IndependentEncoderRegistryTest(RegistryDevServer server) {
        this.server = server;
        this.raw = new RawRegistry(server.confluentApiUrl());
    }

    @Test
    void handFramedV1EventIsRead() throws IOException {
        // The schema as a foreign producer would have it: parsed from text, without this build's Java string hints.
        Schema v1 = new Schema.Parser()
                .parse(Event.getClassSchema().toString().replace(",\"avro.java.string\":\"String\"", ""));
        String topic = uniqueTopic("foreign");
        int id = raw.register(topic + "-value", v1);
        GenericRecord record = genericEvent(v1);

        byte[] bytes = handFrame(id, v1, record);

        assertThat(deserializer().deserialize(topic, bytes)).isEqualTo(Samples.event());
    }

    @Test
    void handFramedV2EventIsReadByTheV1Class() throws IOException {
        Schema v2 = testSchema("Event-v2.avsc");
        String topic = uniqueTopic("foreign");
        int id = raw.register(topic + "-value", v2);
        GenericRecord record = genericEvent(v2);
        record.put("sessionId", new Utf8("session-1"));

        byte[] bytes = handFrame(id, v2, record);

        assertThat(deserializer().deserialize(topic, bytes)).isEqualTo(Samples.event());
    }

    private EventDeserializer deserializer() {
        EventDeserializer deserializer = new EventDeserializer();
        deserializer.configure(config(server.confluentApiUrl()), false);
        return deserializer;
    }

    /** magic byte 0, the id as a big-endian int32, then the Avro binary: written byte by byte here. */
    private static byte[] handFrame(int id, Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream header = new DataOutputStream(out);
        header.writeByte(0);
        header.writeInt(id);
        header.flush();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema, GenericData.get()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static GenericRecord genericEvent(Schema schema) {
        Event e = Samples.event();
        GenericRecord record = new GenericData.Record(schema);
        record.put("entityId", new Utf8(e.getEntityId()));
        record.put("eventTime", e.getEventTime().toEpochMilli());
        record.put("type", new Utf8(e.getType()));
        record.put("features", Map.copyOf(e.getFeatures()));
        record.put("attributes", Map.copyOf(e.getAttributes()));
        record.put("eventId", new Utf8(e.getEventId()));
        return record;
    }
}
