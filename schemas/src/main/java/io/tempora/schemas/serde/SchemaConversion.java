package io.tempora.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Re-encodes Avro binary written with one schema ({@link #own()}) as another ({@link #target()}) by Avro schema
 * resolution: how {@link ConfluentAvroSerializer} writes a record with a registered schema that is not the
 * record's own ({@code use.schema.id}, {@code use.latest.version}).
 *
 * <p>Built once per pair of schemas: the compatibility verdict, the resolving reader and the writer are reused
 * for every record. Thread-safe (Avro's datum readers keep their resolving decoders per thread).
 */
final class SchemaConversion {

    private final Schema own;
    private final Schema target;
    private final String incompatibility;
    private final GenericDatumReader<Object> reader;
    private final GenericDatumWriter<Object> writer;

    private SchemaConversion(Schema own, Schema target, String incompatibility) {
        this.own = own;
        this.target = target;
        this.incompatibility = incompatibility;
        boolean identity = own.equals(target);
        this.reader = identity ? null : new GenericDatumReader<>(own, target, GenericData.get());
        this.writer = identity ? null : new GenericDatumWriter<>(target, GenericData.get());
    }

    /** The conversion from {@code own} to {@code target}, with Avro's verdict on whether every record converts. */
    static SchemaConversion between(Schema own, Schema target) {
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(target, own);
        boolean compatible = compatibility.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
        return new SchemaConversion(own, target, compatible ? null : compatibility.getDescription());
    }

    /** The schema the input bytes are written with. */
    Schema own() {
        return own;
    }

    /** The schema the output bytes are written with. */
    Schema target() {
        return target;
    }

    /** Whether {@link #target()} can represent every record of {@link #own()}. */
    boolean compatible() {
        return incompatibility == null;
    }

    /** Avro's description of why not every record converts, or null if every record does. */
    String incompatibility() {
        return incompatibility;
    }

    /**
     * {@code ownBinary} re-encoded as {@link #target()}; the same array when the schemas are equal.
     *
     * @param topic used in messages only
     * @param subject used in messages only
     * @throws IncompatibleSchemaException if this record cannot be represented in the target schema
     */
    byte[] convert(byte[] ownBinary, String topic, String subject) {
        if (reader == null) {
            return ownBinary;
        }
        try {
            Object converted = reader.read(null, DecoderFactory.get().binaryDecoder(ownBinary, null));
            ByteArrayOutputStream out = new ByteArrayOutputStream(ownBinary.length);
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer.write(converted, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            // AvroTypeException when resolution fails for this record's values, e.g. a union branch the target lacks.
            throw new IncompatibleSchemaException(
                    subject,
                    String.format(
                            "A record of %s for topic '%s' cannot be converted to the schema chosen for subject '%s' (%s): %s",
                            own.getFullName(), topic, subject, target.getFullName(), e),
                    e);
        }
    }
}
