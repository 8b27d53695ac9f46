package io.tempora.schemas.serde;

import static io.tempora.schemas.serde.RegistryTestSupport.config;
import static io.tempora.schemas.serde.RegistryTestSupport.testSchema;
import static io.tempora.schemas.serde.RegistryTestSupport.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tempora.schemas.Event;
import io.tempora.schemas.Samples;
import io.tempora.schemas.testing.CountingProxy;
import io.tempora.schemas.testing.RawRegistry;
import io.tempora.schemas.testing.RegistryDevExtension;
import io.tempora.schemas.testing.RegistryDevServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How many requests the serdes send to the registry: one per schema, not one per record, whichever way the
 * serializer chooses the id. The serdes talk to the dev registry through a {@link CountingProxy}, which counts
 * what reaches the registry.
 */
@ExtendWith(RegistryDevExtension.class)
class RegistryRequestCountTest {

    private static final int RECORDS = 200;
    private static final String API = "/apis/ccompat/v7";
    private static final Schema V2 = testSchema("Event-v2.avsc");

    private final RegistryDevServer server;
    private final RawRegistry raw;
    private CountingProxy proxy;

    RegistryRequestCountTest(RegistryDevServer server) {
        this.server = server;
        this.raw = new RawRegistry(server.confluentApiUrl());
    }

    @BeforeEach
    void startProxy() throws IOException {
        proxy = new CountingProxy(server.baseUrl());
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    @Test
    void autoRegisterAsksOncePerSchema() {
        String topic = uniqueTopic("count");

        List<byte[]> written = serializeMany(topic);

        assertThat(proxy.requests()).containsExactly("POST " + API + "/subjects/" + topic + "-value/versions");
        assertAllRead(topic, written);
    }

    @Test
    void lookUpAsksOncePerSchema() {
        String topic = uniqueTopic("count");
        raw.register(topic + "-value", Event.getClassSchema());

        serializeMany(topic, "auto.register.schemas", false);

        assertThat(proxy.requests()).containsExactly("POST " + API + "/subjects/" + topic + "-value");
    }

    @Test
    void latestVersionAndTheConversionToItAreFetchedAndBuiltOnce() {
        String topic = uniqueTopic("count");
        raw.register(topic + "-value", Event.getClassSchema());
        int v2 = raw.register(topic + "-value", V2);

        List<byte[]> written = serializeMany(topic, "auto.register.schemas", false, "use.latest.version", true);

        assertThat(proxy.requests()).containsExactly("GET " + API + "/subjects/" + topic + "-value/versions/latest");
        assertThat(written).allSatisfy(bytes -> assertThat(idOf(bytes)).isEqualTo(v2));
        assertAllRead(topic, written);
    }

    @Test
    void fixedIdIsFetchedOnce() {
        String topic = uniqueTopic("count");
        raw.register(topic + "-value", Event.getClassSchema());
        int v2 = raw.register(topic + "-value", V2);

        List<byte[]> written = serializeMany(topic, "auto.register.schemas", false, "use.schema.id", v2);

        assertThat(proxy.requests()).containsExactly("GET " + API + "/schemas/ids/" + v2);
        assertThat(written).allSatisfy(bytes -> assertThat(idOf(bytes)).isEqualTo(v2));
    }

    @Test
    void deserializerAsksOncePerWriterSchemaId() {
        String topic = uniqueTopic("count");
        List<byte[]> written = serializeMany(topic);
        proxy.reset();

        EventDeserializer deserializer = new EventDeserializer();
        deserializer.configure(config(proxy.confluentApiUrl()), false);
        for (byte[] bytes : written) {
            assertThat(deserializer.deserialize(topic, bytes)).isEqualTo(Samples.event());
        }

        assertThat(proxy.requests()).containsExactly("GET " + API + "/schemas/ids/" + idOf(written.get(0)));
    }

    @Test
    void aWriterSchemaTheReaderCannotResolveIsRefusedForEveryRecordAfterOneRequest() {
        String topic = uniqueTopic("count");
        DeadLetterSerializer serializer = new DeadLetterSerializer();
        serializer.configure(config(server.confluentApiUrl()), false);
        byte[] deadLetter = serializer.serialize(topic, Samples.deadLetter());

        EventDeserializer deserializer = new EventDeserializer();
        deserializer.configure(config(proxy.confluentApiUrl()), false);
        for (int i = 0; i < RECORDS; i++) {
            assertThatThrownBy(() -> deserializer.deserialize(topic, deadLetter))
                    .isInstanceOf(IncompatibleSchemaException.class)
                    .hasMessageContaining("cannot be read as io.tempora.schemas.Event");
        }

        assertThat(proxy.requests()).containsExactly("GET " + API + "/schemas/ids/" + idOf(deadLetter));
    }

    @Test
    void latestVersionIsReusedForLatestCacheTtlSecThenFetchedAgain() throws InterruptedException {
        String topic = uniqueTopic("count");
        int v1 = raw.register(topic + "-value", Event.getClassSchema());
        Duration ttl = Duration.ofSeconds(2);
        EventSerializer serializer = new EventSerializer();
        serializer.configure(
                config(
                        proxy.confluentApiUrl(),
                        "auto.register.schemas",
                        false,
                        "use.latest.version",
                        true,
                        "latest.cache.ttl.sec",
                        ttl.toSeconds()),
                false);

        long fetched = System.nanoTime();
        assertThat(idOf(serializer.serialize(topic, Samples.event()))).isEqualTo(v1);
        int v2 = raw.register(topic + "-value", V2);
        byte[] withinTtl = serializer.serialize(topic, Samples.event());
        // On a machine so slow that the TTL has already run out, the next assertions are the only meaningful ones.
        if (System.nanoTime() - fetched < ttl.toNanos()) {
            assertThat(idOf(withinTtl)).as("the cached latest version").isEqualTo(v1);
            assertThat(proxy.requests()).hasSize(1);
        }
        Thread.sleep(ttl.plusMillis(200).toMillis());

        assertThat(idOf(serializer.serialize(topic, Samples.event())))
                .as("the new latest version")
                .isEqualTo(v2);
        assertThat(proxy.requests())
                .hasSize(2)
                .containsOnly("GET " + API + "/subjects/" + topic + "-value/versions/latest");
    }

    private List<byte[]> serializeMany(String topic, Object... extra) {
        EventSerializer serializer = new EventSerializer();
        serializer.configure(config(proxy.confluentApiUrl(), extra), false);
        List<byte[]> written = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            written.add(serializer.serialize(topic, Samples.event()));
        }
        return written;
    }

    private void assertAllRead(String topic, List<byte[]> written) {
        EventDeserializer deserializer = new EventDeserializer();
        deserializer.configure(config(server.confluentApiUrl()), false);
        assertThat(written).allSatisfy(bytes -> assertThat(deserializer.deserialize(topic, bytes))
                .isEqualTo(Samples.event()));
    }

    private static int idOf(byte[] framed) {
        return ByteBuffer.wrap(framed, 1, 4).getInt();
    }
}
