package io.tempora.schemas.serde;

import io.tempora.schemas.serde.registry.HttpSchemaRegistryClient;
import io.tempora.schemas.serde.registry.RegisteredSchema;
import io.tempora.schemas.serde.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Avro records in the Confluent wire format ({@link ConfluentWireFormat}), with a schema id the registry
 * assigns under the record's subject.
 *
 * <p>Which id is written follows Confluent's serializers, so the same properties give the same ids
 * ({@link SchemaSelection}): with {@code auto.register.schemas} (the default) the record's own schema,
 * registered if new; otherwise the schema of {@code use.schema.id} if set; otherwise with
 * {@code use.latest.version} the latest version of the subject; otherwise the record's own schema, which must
 * already be registered. When the chosen schema is not the record's own, the record is converted to it by Avro
 * schema resolution ({@link SchemaConversion}).
 *
 * <p>With {@code avro.remove.java.properties} the schema registered and looked up is the record's schema without
 * the properties of Avro's Java code generation ({@link JavaProperties}), as the {@code .avsc} file has it, so
 * that producers in other languages registering the file get the same id.
 *
 * <p>Per record, the serializer encodes the record and then asks the registry client, whose caches answer every
 * request after the first for a schema (and, for {@code use.latest.version}, for {@code latest.cache.ttl.sec});
 * the conversion from the record's schema to the chosen one is built once per pair of schemas. A record that
 * does not conform to its own schema fails before the registry is asked, so it is reported as a bad record
 * ({@link SerializationException}) even while the registry is unreachable
 * ({@link SchemaRegistryUnavailableException}, retriable).
 *
 * <p>Built either with a registry client (then {@link #configure} is optional and reads only the serde
 * options) or without (then {@link #configure} must be called and builds an {@link HttpSchemaRegistryClient}
 * from {@code schema.registry.url} etc.). Thread-safe after configuration.
 *
 * @param <T> a generated {@link SpecificRecord} class or {@link org.apache.avro.generic.GenericRecord}
 */
public class ConfluentAvroSerializer<T extends IndexedRecord> implements Serializer<T> {

    private static final Logger LOG = LoggerFactory.getLogger(ConfluentAvroSerializer.class);
    /** Initial capacity of the output buffer; Tempora's records are a few hundred bytes (a prediction about 400). */
    private static final int INITIAL_BUFFER_BYTES = 512;

    private SchemaRegistryClient client;
    private boolean ownsClient;
    private boolean isKey;
    private SubjectNameStrategy subjectNameStrategy = SubjectNameStrategies.TOPIC_NAME;
    private SchemaSelection selection = new SchemaSelection.AutoRegister();
    private boolean removeJavaProperties;
    private final Map<Schema, Schema> registeredForms = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
    private final Map<SchemaPair, SchemaConversion> conversions = new ConcurrentHashMap<>();

    /** The record's own schema and the schema it is written with; the key of the conversion cache. */
    private record SchemaPair(Schema own, Schema target) {}

    /** A serializer that builds its registry client in {@link #configure}. */
    public ConfluentAvroSerializer() {}

    /** A serializer using {@code client} (not closed by {@link #close()}), with default options for values. */
    public ConfluentAvroSerializer(SchemaRegistryClient client) {
        this.client = client;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        ConfluentAvroSerdeConfig config = new ConfluentAvroSerdeConfig(configs);
        this.isKey = isKey;
        this.subjectNameStrategy = config.subjectNameStrategy(isKey);
        this.selection = config.schemaSelection();
        this.removeJavaProperties = config.removeJavaProperties();
        List<String> shadowed = config.shadowedSchemaSelectionOptions();
        if (!shadowed.isEmpty()) {
            LOG.warn(
                    "{} set but unused: the serializer writes by {} (precedence as in Confluent's serializers:"
                            + " auto.register.schemas, then use.schema.id, then use.latest.version)",
                    shadowed,
                    selection);
        }
        if (client == null) {
            client = new HttpSchemaRegistryClient(config.clientSettings());
            ownsClient = true;
        }
    }

    /** The registry client in use, or null before {@link #configure} when none was given. */
    public SchemaRegistryClient client() {
        return client;
    }

    /** How this serializer chooses the schema id it writes. */
    public SchemaSelection schemaSelection() {
        return selection;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("ConfluentAvroSerializer is not configured: call configure() with "
                    + ConfluentAvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG + " or construct it with a registry client");
        }
        Schema schema = data.getSchema();
        byte[] own = encode(data, schema, topic);
        String subject = subjectNameStrategy.subject(topic, isKey, schema);
        if (selection instanceof SchemaSelection.AutoRegister) {
            return ConfluentWireFormat.frame(client.register(subject, registeredForm(schema)), own);
        }
        if (selection instanceof SchemaSelection.LookUp) {
            return ConfluentWireFormat.frame(client.idOf(subject, registeredForm(schema)), own);
        }
        if (selection instanceof SchemaSelection.FixedId fixed) {
            Schema target = client.schemaById(fixed.id());
            SchemaConversion conversion = conversion(schema, target);
            if (fixed.compatibilityStrict() && !conversion.compatible()) {
                throw incompatible(
                        subject,
                        conversion,
                        String.format("use.schema.id: schema id %d", fixed.id()),
                        ConfluentAvroSerdeConfig.ID_COMPATIBILITY_STRICT_CONFIG);
            }
            return ConfluentWireFormat.frame(fixed.id(), conversion.convert(own, topic, subject));
        }
        RegisteredSchema latest = client.latestVersion(subject);
        SchemaConversion conversion = conversion(schema, latest.schema());
        if (((SchemaSelection.LatestVersion) selection).compatibilityStrict() && !conversion.compatible()) {
            throw incompatible(
                    subject,
                    conversion,
                    String.format(
                            "use.latest.version: the latest version %d (id %d)" + " of subject '%s'",
                            latest.version(), latest.id(), subject),
                    ConfluentAvroSerdeConfig.LATEST_COMPATIBILITY_STRICT_CONFIG);
        }
        return ConfluentWireFormat.frame(latest.id(), conversion.convert(own, topic, subject));
    }

    /**
     * The form of the record's schema that is registered and looked up: without the properties of Avro's Java
     * code generation if {@code avro.remove.java.properties} is set (the same binary encoding), else the schema
     * itself. Computed once per schema.
     */
    private Schema registeredForm(Schema schema) {
        return removeJavaProperties ? registeredForms.computeIfAbsent(schema, JavaProperties::removed) : schema;
    }

    /** The conversion from {@code own} to {@code target}, built on first use of the pair. */
    private SchemaConversion conversion(Schema own, Schema target) {
        return conversions.computeIfAbsent(
                new SchemaPair(own, target), pair -> SchemaConversion.between(pair.own(), pair.target()));
    }

    private static IncompatibleSchemaException incompatible(
            String subject, SchemaConversion conversion, String target, String strictOption) {
        return new IncompatibleSchemaException(
                subject,
                String.format(
                        "%s cannot represent every record of the application's schema %s: %s. Write with a compatible schema, or"
                                + " set %s=false to convert record by record and fail only the records it cannot represent.",
                        target, conversion.own().getFullName(), conversion.incompatibility(), strictOption),
                null);
    }

    /**
     * The writer of records of {@code schema}, built once per schema: Avro's {@link SpecificDatumWriter} for a
     * generated class ({@code data} is the first record of the schema), its {@link GenericDatumWriter} otherwise. A
     * subclass may write its record type more directly, provided the bytes are the same.
     */
    protected DatumWriter<Object> newWriter(Schema schema, Object data) {
        return data instanceof SpecificRecord ? new SpecificDatumWriter<>(schema) : new GenericDatumWriter<>(schema);
    }

    private byte[] encode(Object data, Schema schema, String topic) {
        DatumWriter<Object> writer = writers.computeIfAbsent(schema, s -> newWriter(s, data));
        ByteArrayOutputStream out = new ByteArrayOutputStream(INITIAL_BUFFER_BYTES);
        // Buffered: the same bytes as the direct encoder, copied to the stream in one write at the flush rather
        // than a synchronized stream write per field.
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            writer.write(data, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            // NullPointerException for a null in a non-null field, ClassCastException for a wrong value type, ...
            throw new SerializationException(
                    String.format(
                            "Cannot write %s for topic '%s': the record does not conform to its schema (%s). Check required"
                                    + " fields are set and values have the schema's types.",
                            schema.getFullName(), topic, e),
                    e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }
}
