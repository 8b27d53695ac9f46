package io.tempora.registrydev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.regex.Pattern;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.ext.Provider;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Makes the Confluent API compare Avro schemas as Confluent's registry does: by the parsed schema, not by its text.
 *
 * <p>Confluent's registry parses a schema it is given and keeps Avro's own JSON of it ({@code Schema.toString()}:
 * compact, fields in their order, properties and docs kept), so the same schema written with other whitespace or
 * key order, an indented {@code .avsc} file or a serializer's compact JSON, is the same schema with the same id.
 * Apicurio 2.4.2 compares the text as given (its optional canonical hash sorts record fields, which changes what the
 * schema means, and it then serves the sorted form). This filter rewrites the {@code schema} of every Avro schema
 * posted to the Confluent API (register, look up, compatibility check) into Avro's own JSON before Apicurio sees
 * it. A schema Avro cannot parse on its own (invalid, or one with references) is passed on unchanged, for Apicurio
 * to answer.
 */
@Provider
public final class AvroSchemaTextFilter implements ContainerRequestFilter {

    /** POSTs under the Confluent API that carry a schema. */
    private static final Pattern SCHEMA_POST = Pattern.compile("/?apis/ccompat/v[67]/(subjects|compatibility)/.+");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AVRO = "AVRO";

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        if (!"POST".equals(request.getMethod())
                || !SCHEMA_POST.matcher(request.getUriInfo().getPath()).matches()
                || !request.hasEntity()) {
            return;
        }
        byte[] body = request.getEntityStream().readAllBytes();
        request.setEntityStream(new ByteArrayInputStream(normalized(body)));
    }

    /** {@code body} with its Avro schema text in Avro's own JSON, or {@code body} itself if that cannot be done. */
    private static byte[] normalized(byte[] body) {
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (IOException notJson) {
            return body;
        }
        if (!(tree instanceof ObjectNode request)
                || !request.path("schema").isTextual()
                || !AVRO.equals(request.path("schemaType").asText(AVRO))
                || !request.path("references").isEmpty()) {
            return body;
        }
        try {
            Schema schema = new Schema.Parser().parse(request.get("schema").asText());
            request.put("schema", schema.toString());
            return JSON.writeValueAsBytes(request);
        } catch (SchemaParseException | IOException e) {
            return body;
        }
    }
}
