package io.tempora.schemas.serde;

import static io.tempora.schemas.serde.RegistryTestSupport.config;
import static io.tempora.schemas.serde.RegistryTestSupport.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tempora.schemas.Event;
import io.tempora.schemas.Samples;
import io.tempora.schemas.testing.RawRegistry;
import io.tempora.schemas.testing.RegistryDevExtension;
import io.tempora.schemas.testing.RegistryDevServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code avro.remove.java.properties}: the Java serializer registers the schema as the {@code .avsc} file has it,
 * without {@code "avro.java.string":"String"}, so a producer in another language that registers the file and the
 * Java producer share one schema id, whichever registers first; without the option they do not.
 */
@ExtendWith(RegistryDevExtension.class)
class JavaPropertiesRegistryTest {

    /** The schema file as a producer in another language reads it, byte for byte. */
    private static final Path EVENT_AVSC = Path.of("src/main/avro/Event.avsc");

    private final RegistryDevServer server;
    private final RawRegistry raw;

    JavaPropertiesRegistryTest(RegistryDevServer server) {
        this.server = server;
        this.raw = new RawRegistry(server.confluentApiUrl());
    }

    @Test
    void theGeneratedClassCarriesJavaPropertiesThatTheAvscFileHasNot() throws IOException {
        assertThat(Event.getClassSchema().toString()).contains(JavaProperties.JAVA_STRING);
        assertThat(avsc()).doesNotContain(JavaProperties.JAVA_STRING);
        assertThat(JavaProperties.removed(Event.getClassSchema()).toString())
                .doesNotContain(JavaProperties.JAVA_STRING);
    }

    @Test
    void javaFirstThenTheAvscFileGetTheSameId() throws IOException {
        String topic = uniqueTopic("interop");
        EventSerializer serializer = new EventSerializer();
        serializer.configure(config(server.confluentApiUrl(), "avro.remove.java.properties", true), false);

        int javaId = ConfluentWireFormat.parse(serializer.serialize(topic, Samples.event()), topic)
                .schemaId();
        int foreignId = raw.registerText(topic + "-value", avsc());

        assertThat(foreignId).isEqualTo(javaId);
        assertThat(raw.latest(topic + "-value").get("version").asInt())
                .as("no second version")
                .isEqualTo(1);
    }

    @Test
    void theAvscFileFirstThenAJavaProducerThatOnlyLooksUpFindsIt() throws IOException {
        String topic = uniqueTopic("interop");
        int foreignId = raw.registerText(topic + "-value", avsc());
        EventSerializer lookUp = new EventSerializer();
        lookUp.configure(
                config(server.confluentApiUrl(), "auto.register.schemas", false, "avro.remove.java.properties", true),
                false);

        byte[] bytes = lookUp.serialize(topic, Samples.event());

        assertThat(ConfluentWireFormat.parse(bytes, topic).schemaId()).isEqualTo(foreignId);
        EventDeserializer deserializer = new EventDeserializer();
        deserializer.configure(config(server.confluentApiUrl()), false);
        assertThat(deserializer.deserialize(topic, bytes)).isEqualTo(Samples.event());
    }

    @Test
    void withoutTheOptionTheJavaFormIsAnotherSchemaThatALookUpDoesNotFind() throws IOException {
        String topic = uniqueTopic("interop");
        raw.registerText(topic + "-value", avsc());
        EventSerializer lookUp = new EventSerializer();
        lookUp.configure(config(server.confluentApiUrl(), "auto.register.schemas", false), false);

        assertThatThrownBy(() -> lookUp.serialize(topic, Samples.event()))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus())
                        .isEqualTo(404));
    }

    private static String avsc() throws IOException {
        return Files.readString(EVENT_AVSC, StandardCharsets.UTF_8);
    }
}
