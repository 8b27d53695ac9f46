package io.tempora.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/** Small helpers shared by the registry tests. */
final class RegistryTestSupport {

    private RegistryTestSupport() {}

    /** A topic name no other test uses: the registry is shared by the whole test run. */
    static String uniqueTopic(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** Serde properties for a registry at {@code url}, plus {@code extra} key-value pairs. */
    static Map<String, Object> config(String url, Object... extra) {
        Map<String, Object> config = new java.util.HashMap<>();
        config.put(ConfluentAvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, url);
        for (int i = 0; i < extra.length; i += 2) {
            config.put((String) extra[i], extra[i + 1]);
        }
        return config;
    }

    /** Plain Avro binary of {@code record}, written by Avro's own writer with the record's own schema. */
    static byte[] plainAvro(IndexedRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            if (record instanceof SpecificRecord) {
                new SpecificDatumWriter<IndexedRecord>(record.getSchema()).write(record, encoder);
            } else {
                new GenericDatumWriter<IndexedRecord>(record.getSchema()).write(record, encoder);
            }
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Parses a test schema from {@code src/test/resources/avro}. */
    static Schema testSchema(String file) {
        try (InputStream in = RegistryTestSupport.class.getResourceAsStream("/avro/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no test schema /avro/" + file);
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
