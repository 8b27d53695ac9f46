package io.tempora.schemas.serde;

import io.tempora.schemas.serde.registry.HttpSchemaRegistryClient;
import io.tempora.schemas.serde.registry.SchemaRegistryClient;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-framed Avro: the writer schema comes from the registry by the id in the header, the reader
 * schema is fixed at construction (a generated class's schema, or a given one), and Avro schema resolution
 * bridges the two, so records written by older or newer compatible schema versions read correctly.
 *
 * <p>Failures that concern the record are distinct {@link SchemaSerdeException}s (Kafka
 * {@link org.apache.kafka.common.errors.SerializationException}s): {@link UnknownMagicByteException},
 * {@link CorruptPayloadException}, {@link UnknownSchemaIdException}, and {@link IncompatibleSchemaException}
 * when the writer schema cannot be resolved against the reader schema. An unreachable registry raises
 * {@link SchemaRegistryUnavailableException}, a retriable Kafka
 * {@link org.apache.kafka.common.errors.TimeoutException}; the header is checked before the registry is asked,
 * so bytes that are not Confluent-framed are reported as such even while the registry is unreachable. A null
 * value (tombstone) reads as null.
 *
 * <p>The registry is asked once per writer schema id; the resolution of that writer schema against the reader
 * schema (a reader, or the reason it cannot be read) is kept as long as the deserializer. That the registry does
 * not know an id is remembered for {@code unknown.schema.id.cache.ttl.ms} (30 s by default), so records with
 * garbage ids cost one registry request per id and period, not one per record.
 *
 * <p>The Avro binary is read by a strict decoder ({@link BoundedDecoder}): malformed UTF-8, overlong or
 * overflowing varints, impossible lengths, and records whose decoding would allocate more than
 * {@code max.record.allocation.bytes} are {@link CorruptPayloadException}s, refused before the allocation.
 *
 * <p>Thread-safe after configuration.
 *
 * @param <T> the type read
 */
public class ConfluentAvroDeserializer<T extends IndexedRecord> implements Deserializer<T> {

    /**
     * Default cap on the estimated heap one record may allocate: room for a {@code ModelParameters} of some
     * million parameters (its tensors are byte strings, about one heap byte per payload byte), far below a
     * small heap.
     */
    public static final long DEFAULT_MAX_RECORD_ALLOCATION_BYTES = 16L << 20;

    /**
     * Cap for {@code Event}s: an event is a few ids and features, normally under a kilobyte; 4 MiB leaves room for
     * Kafka's default 1 MB record with every string charged as UTF-16.
     */
    public static final long EVENT_MAX_RECORD_ALLOCATION_BYTES = 4L << 20;

    /** Bound on the unknown ids remembered at once, so that random ids cannot grow the heap without limit. */
    static final int MAX_REMEMBERED_UNKNOWN_IDS = 10_000;

    private final Schema readerSchema;
    private final long defaultMaxRecordAllocationBytes;
    private long maxRecordAllocationBytes;
    private long unknownIdTtlNanos =
            TimeUnit.MILLISECONDS.toNanos(ConfluentAvroSerdeConfig.DEFAULT_UNKNOWN_SCHEMA_ID_CACHE_TTL_MS);
    private final Map<Integer, UnknownId> unknownIds = new ConcurrentHashMap<>();
    private final boolean specific;
    private final Map<Integer, Resolution<T>> resolutionsBySchemaId = new ConcurrentHashMap<>();
    private SchemaRegistryClient client;
    private boolean ownsClient;

    /**
     * What records of one writer schema id read as: a resolving reader, or why the writer schema cannot be read as
     * the reader schema. Either verdict is kept for the deserializer's lifetime, because an id's schema never
     * changes.
     */
    /** The registry's answer that it does not know an id, and when it was given. */
    private record UnknownId(UnknownSchemaIdException answer, long answeredAtNanos) {}

    private record Resolution<R>(Schema writerSchema, DatumReader<R> reader, String incompatibility) {}

    /**
     * @param readerSchema the schema records are read as
     * @param specific true to produce the generated class of {@code readerSchema}, false for
     *     {@link GenericRecord}s
     * @param client registry client, or null to build one in {@link #configure}
     */
    protected ConfluentAvroDeserializer(Schema readerSchema, boolean specific, SchemaRegistryClient client) {
        this(readerSchema, specific, client, DEFAULT_MAX_RECORD_ALLOCATION_BYTES);
    }

    /**
     * As {@link #ConfluentAvroDeserializer(Schema, boolean, SchemaRegistryClient)}, with the cap on one record's
     * estimated allocation that applies unless {@code max.record.allocation.bytes} is configured.
     */
    protected ConfluentAvroDeserializer(
            Schema readerSchema, boolean specific, SchemaRegistryClient client, long defaultMaxRecordAllocationBytes) {
        this.readerSchema = Objects.requireNonNull(readerSchema, "readerSchema");
        this.specific = specific;
        this.client = client;
        this.defaultMaxRecordAllocationBytes = defaultMaxRecordAllocationBytes;
        this.maxRecordAllocationBytes = defaultMaxRecordAllocationBytes;
    }

    /**
     * Reads records as the generated class {@code type}; {@code client} null means build one in
     * {@link #configure}.
     */
    public static <R extends SpecificRecord> ConfluentAvroDeserializer<R> forSpecific(
            Class<R> type, SchemaRegistryClient client) {
        return new ConfluentAvroDeserializer<>(SpecificData.get().getSchema(type), true, client);
    }

    /**
     * Reads records as {@link GenericRecord}s of {@code readerSchema} (no logical-type conversions: timestamps are
     * longs, strings {@code Utf8} unless the schema says otherwise); {@code client} null means build one in
     * {@link #configure}.
     */
    public static ConfluentAvroDeserializer<GenericRecord> forGeneric(
            Schema readerSchema, SchemaRegistryClient client) {
        return new ConfluentAvroDeserializer<>(readerSchema, false, client);
    }

    /** The schema records are read as. */
    public Schema readerSchema() {
        return readerSchema;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        ConfluentAvroSerdeConfig config = new ConfluentAvroSerdeConfig(configs);
        maxRecordAllocationBytes = config.maxRecordAllocationBytes(defaultMaxRecordAllocationBytes);
        unknownIdTtlNanos = config.unknownSchemaIdCacheTtl().toNanos();
        if (client == null) {
            client = new HttpSchemaRegistryClient(config.clientSettings());
            ownsClient = true;
        }
    }

    /** The cap on the estimated heap one record may allocate, in bytes. */
    public long maxRecordAllocationBytes() {
        return maxRecordAllocationBytes;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("ConfluentAvroDeserializer is not configured: call configure() with "
                    + ConfluentAvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG + " or construct it with a registry client");
        }
        ConfluentWireFormat.Frame frame = ConfluentWireFormat.parse(data, topic);
        DatumReader<T> reader = readerFor(frame.schemaId());
        BoundedDecoder decoder =
                new BoundedDecoder(data, frame.payloadOffset(), frame.payloadLength(), maxRecordAllocationBytes);
        T value;
        try {
            value = reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            // EOFException when truncated; CorruptPayloadException from BoundedDecoder for impossible lengths;
            // AvroRuntimeException / IndexOutOfBounds for garbage union branches or enum ordinals.
            throw new CorruptPayloadException(
                    String.format(
                            "Record on topic '%s' (schema id %d, %d Avro bytes) is not valid Avro binary for the writer schema"
                                    + " registered under that id: %s. The bytes were damaged or written with another schema than"
                                    + " the header says.",
                            topic,
                            frame.schemaId(),
                            frame.payloadLength(),
                            e.getMessage() == null
                                    ? e.toString()
                                    : e.getClass().getSimpleName() + ": " + e.getMessage()),
                    e);
        }
        if (!decoder.isEnd()) {
            throw new CorruptPayloadException(String.format(
                    "Record on topic '%s' (schema id %d) has bytes left after a complete %s: the payload is longer"
                            + " than its writer schema allows, so it was damaged or framed wrongly.",
                    topic, frame.schemaId(), readerSchema.getFullName()));
        }
        return value;
    }

    private DatumReader<T> readerFor(int schemaId) {
        Resolution<T> resolution = resolutionsBySchemaId.get(schemaId);
        if (resolution == null) {
            resolution = resolve(writerSchema(schemaId));
            Resolution<T> raced = resolutionsBySchemaId.putIfAbsent(schemaId, resolution);
            resolution = raced != null ? raced : resolution;
        }
        if (resolution.reader() == null) {
            throw new IncompatibleSchemaException(
                    readerSchema.getFullName(),
                    String.format(
                            "Records written with schema id %d (%s) cannot be read as %s: %s. The producer's schema is not"
                                    + " compatible with this reader; check the topic's subject and its compatibility rule.",
                            schemaId,
                            resolution.writerSchema().getFullName(),
                            readerSchema.getFullName(),
                            resolution.incompatibility()),
                    null);
        }
        return resolution.reader();
    }

    /**
     * The writer schema of {@code schemaId} from the registry, unless the registry said it does not know the id
     * less than {@code unknown.schema.id.cache.ttl.ms} ago: a stream of garbage ids then costs one request per id
     * and period, not one per record.
     */
    private Schema writerSchema(int schemaId) {
        UnknownId unknown = unknownIds.get(schemaId);
        if (unknown != null) {
            long age = System.nanoTime() - unknown.answeredAtNanos();
            if (age < unknownIdTtlNanos) {
                throw UnknownSchemaIdException.remembered(unknown.answer(), TimeUnit.NANOSECONDS.toMillis(age));
            }
            unknownIds.remove(schemaId, unknown);
        }
        try {
            return client.schemaById(schemaId);
        } catch (UnknownSchemaIdException e) {
            if (unknownIdTtlNanos > 0) {
                if (unknownIds.size() >= MAX_REMEMBERED_UNKNOWN_IDS) {
                    unknownIds.clear(); // a flood of distinct ids must not grow the heap; each is asked once more
                }
                unknownIds.put(schemaId, new UnknownId(e, System.nanoTime()));
            }
            throw e;
        }
    }

    private Resolution<T> resolve(Schema writerSchema) {
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writerSchema);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return new Resolution<>(writerSchema, null, compatibility.getDescription());
        }
        DatumReader<T> reader = specific
                ? new SpecificDatumReader<>(writerSchema, readerSchema, SpecificData.getForSchema(readerSchema))
                : new GenericDatumReader<>(writerSchema, readerSchema, GenericData.get());
        return new Resolution<>(writerSchema, reader, null);
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }
}
