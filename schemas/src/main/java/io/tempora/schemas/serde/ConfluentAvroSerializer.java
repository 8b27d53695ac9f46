package io.tempora.schemas.serde;

import io.tempora.schemas.serde.registry.HttpSchemaRegistryClient;
import io.tempora.schemas.serde.registry.RegisteredSchema;
import io.tempora.schemas.serde.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records in the Confluent wire format ({@link ConfluentWireFormat}), with the schema id the
 * registry assigns to the record's schema under its subject.
 *
 * <p>Which id is written: with {@code use.latest.version} the latest version of the subject (the record is
 * converted to it by schema resolution); otherwise, with {@code auto.register.schemas} (default) the record's
 * own schema, registered if new; otherwise the record's own schema, which must already be registered.
 *
 * <p>Built either with a registry client (then {@link #configure} is optional and reads only the serde
 * options) or without (then {@link #configure} must be called and builds an {@link HttpSchemaRegistryClient}
 * from {@code schema.registry.url} etc.). Thread-safe after configuration.
 *
 * @param <T> a generated {@link SpecificRecord} class or {@link org.apache.avro.generic.GenericRecord}
 */
public class ConfluentAvroSerializer<T extends IndexedRecord> implements Serializer<T> {

  private SchemaRegistryClient client;
  private boolean ownsClient;
  private boolean isKey;
  private SubjectNameStrategy subjectNameStrategy = SubjectNameStrategies.TOPIC_NAME;
  private boolean autoRegisterSchemas = true;
  private boolean useLatestVersion;
  private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();

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
    this.autoRegisterSchemas = config.autoRegisterSchemas();
    this.useLatestVersion = config.useLatestVersion();
    if (client == null) {
      client = new HttpSchemaRegistryClient(config.clientSettings());
      ownsClient = true;
    }
  }

  /** The registry client in use, or null before {@link #configure} when none was given. */
  public SchemaRegistryClient client() {
    return client;
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
    String subject = subjectNameStrategy.subject(topic, isKey, schema);
    if (useLatestVersion) {
      RegisteredSchema latest = client.latestVersion(subject);
      byte[] own = encode(data, schema, topic);
      byte[] avro = latest.schema().equals(schema) ? own : convert(own, schema, latest, topic);
      return ConfluentWireFormat.frame(latest.id(), avro);
    }
    int id = autoRegisterSchemas ? client.register(subject, schema) : client.idOf(subject, schema);
    return ConfluentWireFormat.frame(id, encode(data, schema, topic));
  }

  private byte[] encode(Object data, Schema schema, String topic) {
    DatumWriter<Object> writer = writers.computeIfAbsent(schema,
        s -> data instanceof SpecificRecord ? new SpecificDatumWriter<>(s) : new GenericDatumWriter<>(s));
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      writer.write(data, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      // NullPointerException for a null in a non-null field, ClassCastException for a wrong value type, ...
      throw new SerializationException(String.format(
          "Cannot write %s for topic '%s': the record does not conform to its schema (%s). Check required"
              + " fields are set and values have the schema's types.", schema.getFullName(), topic, e), e);
    }
    return out.toByteArray();
  }

  /** Re-encodes Avro binary written with {@code own} as {@code latest}, by Avro schema resolution. */
  private static byte[] convert(byte[] own, Schema ownSchema, RegisteredSchema latest, String topic) {
    SchemaCompatibility.SchemaPairCompatibility compatibility =
        SchemaCompatibility.checkReaderWriterCompatibility(latest.schema(), ownSchema);
    if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      throw new IncompatibleSchemaException(latest.subject(), String.format(
          "use.latest.version: the latest version %d (id %d) of subject '%s' cannot represent records of the"
              + " application's schema %s: %s", latest.version(), latest.id(), latest.subject(),
          ownSchema.getFullName(), compatibility.getDescription()), null);
    }
    try {
      Object converted = new GenericDatumReader<>(ownSchema, latest.schema(), GenericData.get())
          .read(null, DecoderFactory.get().binaryDecoder(own, null));
      ByteArrayOutputStream out = new ByteArrayOutputStream(own.length + 16);
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      new GenericDatumWriter<>(latest.schema(), GenericData.get()).write(converted, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException | AvroRuntimeException e) {
      throw new SerializationException("use.latest.version: converting a record for topic '" + topic
          + "' to the latest schema of subject '" + latest.subject() + "' failed: " + e, e);
    }
  }

  @Override
  public void close() {
    if (ownsClient && client != null) {
      client.close();
    }
  }
}
