package io.tempora.schemas.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;

/**
 * The schema properties that only Avro's Java code generation reads, and the schema without them: what
 * {@code avro.remove.java.properties} registers, as Confluent's serializers do.
 *
 * <p>A class generated with {@code stringType=String} carries {@code "avro.java.string":"String"} on every string
 * type of its schema. The property changes neither the binary encoding nor compatibility, but it changes the
 * schema's text, and a registry gives a schema text of its own id: a producer in another language that registers
 * the {@code .avsc} file would get another id than the Java producer, and a consumer that looks the schema up
 * would not find it.
 */
final class JavaProperties {

    /** The property Avro's Java code generation sets on string types. */
    static final String JAVA_STRING = "avro.java.string";

    private static final ObjectMapper JSON = new ObjectMapper();

    private JavaProperties() {}

    /** {@code schema} without {@value #JAVA_STRING} anywhere in it; {@code schema} itself if it has none. */
    static Schema removed(Schema schema) {
        String text = schema.toString();
        if (!text.contains(JAVA_STRING)) {
            return schema;
        }
        try {
            JsonNode tree = JSON.readTree(text);
            strip(tree);
            return new Schema.Parser().parse(JSON.writeValueAsString(tree));
        } catch (IOException e) {
            // Avro's own JSON of a valid schema always reads back.
            throw new UncheckedIOException("cannot re-read the JSON of schema " + schema.getFullName(), e);
        }
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(JAVA_STRING);
        }
        for (JsonNode child : node) {
            strip(child);
        }
    }
}
