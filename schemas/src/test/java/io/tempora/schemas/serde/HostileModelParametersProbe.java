package io.tempora.schemas.serde;

import io.tempora.schemas.Samples;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Run in a JVM of its own by {@link SmallHeapRegistryTest}: decodes the issue's 8.4 MB payload of 2.8 million
 * empty tensors with the default {@link ModelParametersDeserializer} and prints what came out, {@code REFUSED
 * <reason code>}, {@code READ}, or {@code OUT_OF_MEMORY}, on its last line.
 */
public final class HostileModelParametersProbe {

    private HostileModelParametersProbe() {}

    /** {@code args[0]}: the registry's Confluent API URL; {@code args[1]}: the topic. */
    public static void main(String[] args) throws IOException {
        Map<String, Object> config = RegistryTestSupport.config(args[0]);
        String topic = args[1];
        ModelParametersSerializer serializer = new ModelParametersSerializer();
        serializer.configure(config, false);
        byte[] good = serializer.serialize(topic, Samples.modelParameters());
        int id = ByteBuffer.wrap(good, 1, 4).getInt();
        byte[] hostile =
                ConfluentWireFormat.frame(id, HostilePayloads.emptyTensors(HostilePayloads.ISSUE_EMPTY_TENSORS));
        try (ModelParametersDeserializer deserializer = new ModelParametersDeserializer()) {
            deserializer.configure(config, false);
            deserializer.deserialize(topic, hostile);
            System.out.println("READ");
        } catch (SchemaSerdeException e) {
            System.out.println("REFUSED " + e.reasonCode());
        } catch (OutOfMemoryError e) {
            System.out.println("OUT_OF_MEMORY");
        }
    }
}
