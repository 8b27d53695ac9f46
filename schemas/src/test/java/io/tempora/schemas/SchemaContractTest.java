package io.tempora.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules the schemas promise to users: every field and named type is documented, enums tolerate new
 * symbols, and the next version can add a field without breaking readers or writers of this one.
 */
class SchemaContractTest {

    private static final String ENTITY_STATUS = "entityStatus";

    static Stream<Schema> topLevelSchemas() {
        return Stream.of(
                Event.getClassSchema(),
                Prediction.getClassSchema(),
                ModelParameters.getClassSchema(),
                DeadLetter.getClassSchema());
    }

    @ParameterizedTest
    @MethodSource("topLevelSchemas")
    void everyFieldAndNamedTypeHasDoc(Schema schema) {
        List<String> undocumented = new ArrayList<>();
        for (Schema named : namedTypes(schema)) {
            if (named.getDoc() == null || named.getDoc().isBlank()) {
                undocumented.add(named.getFullName());
            }
            if (named.getType() == Schema.Type.RECORD) {
                for (Schema.Field field : named.getFields()) {
                    if (field.doc() == null || field.doc().isBlank()) {
                        undocumented.add(named.getFullName() + "." + field.name());
                    }
                }
            }
        }
        assertThat(undocumented).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("topLevelSchemas")
    void everyEnumHasADefaultSymbolSoNewSymbolsReadAsIt(Schema schema) {
        for (Schema named : namedTypes(schema)) {
            if (named.getType() == Schema.Type.ENUM) {
                assertThat(named.getEnumDefault()).as(named.getFullName()).isNotNull();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("topLevelSchemas")
    void nextVersionWithAnAddedOptionalFieldIsBackwardAndForwardCompatible(Schema current) {
        Schema next = withExtraOptionalField(current);

        assertThat(compatibility(next, current))
                .as("BACKWARD: next reads current")
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(compatibility(current, next))
                .as("FORWARD: current reads next")
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @ParameterizedTest
    @MethodSource("topLevelSchemas")
    void nextVersionDroppingAnOptionalFieldIsBackwardAndForwardCompatible(Schema current) {
        // Fields with defaults may also be removed later: readers of this version fill them from the default.
        for (Schema.Field dropped : current.getFields()) {
            if (!dropped.hasDefaultValue()) {
                continue;
            }
            Schema next = without(current, dropped.name());
            assertThat(compatibility(next, current))
                    .as("BACKWARD without " + dropped.name())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
            assertThat(compatibility(current, next))
                    .as("FORWARD without " + dropped.name())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @Test
    void aNewTriggerSymbolIsReadByTodaysReaderAsUnknown() {
        Schema current = PredictionTrigger.getClassSchema();
        List<String> symbols = new ArrayList<>(current.getEnumSymbols());
        symbols.add("BACKFILL");
        Schema next = Schema.createEnum(
                current.getName(), current.getDoc(), current.getNamespace(), symbols, current.getEnumDefault());

        assertThat(compatibility(current, next)).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(current.getEnumDefault()).isEqualTo("UNKNOWN");
    }

    @Test
    void aPredictionWrittenBeforeEntityStatusExistedReadsAsUnknown() throws IOException {
        Schema before = without(Prediction.getClassSchema(), ENTITY_STATUS);
        GenericRecord old = new GenericData.Record(before);
        Prediction sample = Samples.prediction();
        for (Schema.Field f : before.getFields()) {
            old.put(f.name(), sample.get(f.name()));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<GenericRecord>(before).write(old, encoder);
        encoder.flush();

        Prediction read = new SpecificDatumReader<Prediction>(before, Prediction.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

        assertThat(read.getEntityStatus()).isEqualTo(EntityStatus.UNKNOWN);
        assertThat(read.getSourceEventId()).isEqualTo(sample.getSourceEventId());
        assertThat(compatibility(before, Prediction.getClassSchema()))
                .as("FORWARD: a reader of the schema before the field reads today's predictions")
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void aNewEntityStatusSymbolIsReadByTodaysReaderAsUnknown() throws IOException {
        Schema current = EntityStatus.getClassSchema();
        List<String> symbols = new ArrayList<>(current.getEnumSymbols());
        symbols.add("MIGRATED");
        Schema next = Schema.createEnum(
                current.getName(), current.getDoc(), current.getNamespace(), symbols, current.getEnumDefault());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<Object>(next).write(new GenericData.EnumSymbol(next, "MIGRATED"), encoder);
        encoder.flush();

        Object read = new SpecificDatumReader<EntityStatus>(next, current)
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));

        assertThat(compatibility(current, next)).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(read).isEqualTo(EntityStatus.UNKNOWN);
    }

    private static SchemaCompatibilityType compatibility(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
                .getType();
    }

    private static Schema withExtraOptionalField(Schema record) {
        List<Schema.Field> fields = copyFields(record);
        fields.add(new Schema.Field(
                "addedLater",
                Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                "a field of the next version",
                JsonProperties.NULL_VALUE));
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
    }

    private static Schema without(Schema record, String name) {
        List<Schema.Field> fields = copyFields(record);
        fields.removeIf(f -> f.name().equals(name));
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
    }

    private static List<Schema.Field> copyFields(Schema record) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : record.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        return fields;
    }

    /** The schema and every record and enum reachable from it. */
    private static List<Schema> namedTypes(Schema root) {
        Map<Schema, Boolean> seen = new IdentityHashMap<>();
        List<Schema> out = new ArrayList<>();
        collect(root, seen, out);
        return out;
    }

    private static void collect(Schema s, Map<Schema, Boolean> seen, List<Schema> out) {
        if (seen.put(s, Boolean.TRUE) != null) {
            return;
        }
        switch (s.getType()) {
            case RECORD -> {
                out.add(s);
                s.getFields().forEach(f -> collect(f.schema(), seen, out));
            }
            case ENUM, FIXED -> out.add(s);
            case ARRAY -> collect(s.getElementType(), seen, out);
            case MAP -> collect(s.getValueType(), seen, out);
            case UNION -> s.getTypes().forEach(t -> collect(t, seen, out));
            default -> {}
        }
    }
}
