package io.tempora.schemas.serde;

import static io.tempora.schemas.serde.RegistryTestSupport.config;
import static io.tempora.schemas.serde.RegistryTestSupport.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tempora.schemas.Event;
import io.tempora.schemas.Samples;
import io.tempora.schemas.testing.CountingProxy;
import io.tempora.schemas.testing.RegistryDevExtension;
import io.tempora.schemas.testing.RegistryDevServer;
import io.tempora.schemas.testing.SilentServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A registry outage is retriable and tells itself apart from a bad record: an unreachable registry (connection
 * refused) or one that keeps answering 5xx raises {@link SchemaRegistryUnavailableException}, a Kafka
 * {@link RetriableException} that is not a {@link SerializationException}, so no handler dead-letters a good
 * record for it; a record that is bad on its own is still a non-retriable {@link SerializationException} with
 * its reason code while the registry is down; and records whose schemas are cached keep flowing.
 *
 * <p>An outage is paid for once, not once per record: after one request failed with its retries, the client
 * refuses further requests without contacting the registry (a refused, a frozen registry), then probes it with one
 * attempt at a time, and the first answer ends the outage.
 */
@ExtendWith(RegistryDevExtension.class)
class RegistryOutageTest {

    private static final int RETRIES = 2;
    /** Records deserialized during an outage. */
    private static final int RECORDS = 50;
    /** A probe interval no test outlasts: every call after the first failure is refused without contact. */
    private static final long NO_PROBE_DURING_THE_TEST_MS = 600_000;
    /** A read timeout short enough for a test against a frozen registry. */
    private static final int SHORT_READ_TIMEOUT_MS = 200;

    private final RegistryDevServer server;

    RegistryOutageTest(RegistryDevServer server) {
        this.server = server;
    }

    @Test
    void unreachableRegistryFailsTheDeserializerRetriablyAfterBoundedRetries() throws IOException {
        String deadUrl = "http://127.0.0.1:" + closedPort();
        EventDeserializer deserializer = new EventDeserializer();
        deserializer.configure(
                config(deadUrl, "max.retries", RETRIES, "retries.wait.ms", 10, "http.connect.timeout.ms", 2000), false);
        byte[] bytes = ConfluentWireFormat.frame(1, RegistryTestSupport.plainAvro(Samples.event()));

        assertOutage(() -> deserializer.deserialize("events", bytes))
                .hasMessageContaining("after " + (RETRIES + 1) + " attempt(s)")
                .hasMessageContaining(deadUrl);
    }

    @Test
    void unreachableRegistryFailsTheSerializerRetriably() throws IOException {
        EventSerializer serializer = new EventSerializer();
        serializer.configure(config("http://127.0.0.1:" + closedPort(), "max.retries", 0), false);

        assertOutage(() -> serializer.serialize("events", Samples.event())).hasMessageContaining("after 1 attempt(s)");
    }

    @Test
    void badRecordsAreStillBadRecordsWhileTheRegistryIsUnreachable() throws IOException {
        String deadUrl = "http://127.0.0.1:" + closedPort();
        EventDeserializer deserializer = new EventDeserializer();
        deserializer.configure(config(deadUrl, "max.retries", 0), false);
        EventSerializer serializer = new EventSerializer();
        serializer.configure(config(deadUrl, "max.retries", 0), false);
        byte[] json = "{\"entityId\":\"customer-42\"}".getBytes(StandardCharsets.UTF_8);
        GenericRecord missingRequiredFields = new GenericData.Record(Event.getClassSchema());

        assertBadRecord(() -> deserializer.deserialize("events", json), UnknownMagicByteException.REASON_CODE);
        assertBadRecord(
                () -> deserializer.deserialize("events", new byte[] {0, 0, 1}), CorruptPayloadException.REASON_CODE);
        ConfluentAvroSerializer<GenericRecord> generic = new ConfluentAvroSerializer<>();
        generic.configure(config(deadUrl, "max.retries", 0), false);
        assertThatThrownBy(() -> generic.serialize("events", missingRequiredFields))
                .isInstanceOf(SerializationException.class)
                .isNotInstanceOf(RetriableException.class)
                .hasMessageContaining("does not conform to its schema");
    }

    @Test
    void serverErrorsAfterAllRetriesAreAnOutage() throws IOException {
        try (CountingProxy proxy = new CountingProxy(server.baseUrl())) {
            proxy.answerWith(503);
            EventSerializer serializer = new EventSerializer();
            serializer.configure(config(proxy.confluentApiUrl(), "max.retries", RETRIES, "retries.wait.ms", 10), false);

            assertOutage(() -> serializer.serialize(uniqueTopic("outage"), Samples.event()))
                    .hasMessageContaining("HTTP 503");
            assertThat(proxy.requests()).hasSize(RETRIES + 1);
        }
    }

    @Test
    void cachedSchemasKeepWorkingDuringAnOutageAndNewOnesFailRetriably() throws IOException {
        String topic = uniqueTopic("outage");
        EventSerializer serializer = new EventSerializer();
        EventDeserializer deserializer = new EventDeserializer();
        DeadLetterSerializer deadLetters = new DeadLetterSerializer();
        try (CountingProxy proxy = new CountingProxy(server.baseUrl())) {
            serializer.configure(config(proxy.confluentApiUrl(), "max.retries", 0), false);
            deserializer.configure(config(proxy.confluentApiUrl(), "max.retries", 0), false);
            deadLetters.configure(config(proxy.confluentApiUrl(), "max.retries", 0), false);
            deserializer.deserialize(topic, serializer.serialize(topic, Samples.event()));
        }
        // The proxy is gone: its port refuses connections, as a stopped registry's does.

        byte[] bytes = serializer.serialize(topic, Samples.event());
        assertThat(deserializer.deserialize(topic, bytes)).isEqualTo(Samples.event());
        assertOutage(() -> deadLetters.serialize(topic, Samples.deadLetter()));
    }

    @Test
    void aRefusingRegistryCostsOneFailedRequestThenRecordsFailFastWithoutContactingIt() throws IOException {
        String deadUrl = "http://127.0.0.1:" + closedPort();
        EventDeserializer deserializer = new EventDeserializer();
        deserializer.configure(
                config(
                        deadUrl,
                        "max.retries",
                        RETRIES,
                        "retries.wait.ms",
                        10,
                        "outage.probe.interval.ms",
                        NO_PROBE_DURING_THE_TEST_MS),
                false);
        byte[] bytes = ConfluentWireFormat.frame(1, RegistryTestSupport.plainAvro(Samples.event()));

        List<SchemaRegistryUnavailableException> failures = deserializeDuringOutage(deserializer, bytes);

        assertThat(failures.get(0).knownOutage())
                .as("the first record contacts the registry")
                .isFalse();
        assertThat(failures.get(0)).hasMessageContaining("after " + (RETRIES + 1) + " attempt(s)");
        assertThat(failures.subList(1, RECORDS))
                .as("every later record fails at once, retriably, saying when the registry is tried again")
                .allSatisfy(e -> {
                    assertThat(e.knownOutage()).isTrue();
                    assertThat(e.retryAfter()).isPresent();
                    assertThat(e).hasMessageContaining("was not sent").hasMessageContaining(deadUrl);
                });
    }

    @Test
    void aFrozenRegistryCostsOneTimedOutRequestNotOnePerRecord() throws IOException {
        try (SilentServer frozen = new SilentServer()) {
            EventDeserializer deserializer = new EventDeserializer();
            deserializer.configure(
                    config(
                            frozen.url(),
                            "max.retries",
                            1,
                            "retries.wait.ms",
                            10,
                            "http.read.timeout.ms",
                            SHORT_READ_TIMEOUT_MS,
                            "outage.probe.interval.ms",
                            NO_PROBE_DURING_THE_TEST_MS),
                    false);
            byte[] bytes = ConfluentWireFormat.frame(1, RegistryTestSupport.plainAvro(Samples.event()));

            List<SchemaRegistryUnavailableException> failures = deserializeDuringOutage(deserializer, bytes);

            assertThat(frozen.connections())
                    .as("two attempts of the first record's request, then none")
                    .isEqualTo(2);
            assertThat(failures.get(0).knownOutage()).isFalse();
            assertThat(failures.subList(1, RECORDS))
                    .allSatisfy(e -> assertThat(e.knownOutage()).isTrue());
        }
    }

    @Test
    void duringAnOutageEachProbeIsOneRequestAndTheFirstAnswerEndsIt() throws IOException {
        String topic = uniqueTopic("outage");
        try (CountingProxy proxy = new CountingProxy(server.baseUrl())) {
            proxy.answerWith(503);
            EventSerializer serializer = new EventSerializer();
            // Interval 0: every call after the outage is a probe, so the counts below do not depend on time.
            serializer.configure(
                    config(
                            proxy.confluentApiUrl(),
                            "max.retries",
                            RETRIES,
                            "retries.wait.ms",
                            10,
                            "outage.probe.interval.ms",
                            0),
                    false);
            assertOutage(() -> serializer.serialize(topic, Samples.event()));
            assertThat(proxy.requests()).hasSize(RETRIES + 1);
            proxy.reset();

            for (int i = 0; i < RECORDS; i++) {
                assertOutage(() -> serializer.serialize(topic, Samples.event()));
            }
            assertThat(proxy.requests()).as("one attempt per probe, no retries").hasSize(RECORDS);

            proxy.answerWith(0);
            proxy.reset();
            byte[] bytes = serializer.serialize(topic, Samples.event());
            byte[] again = serializer.serialize(topic, Samples.event());
            assertThat(proxy.requests()).as("one registration, then the cache").hasSize(1);
            EventDeserializer deserializer = new EventDeserializer();
            deserializer.configure(config(server.confluentApiUrl()), false);
            assertThat(deserializer.deserialize(topic, bytes)).isEqualTo(Samples.event());
            assertThat(again).isEqualTo(bytes);
        }
    }

    private static List<SchemaRegistryUnavailableException> deserializeDuringOutage(
            EventDeserializer deserializer, byte[] bytes) {
        List<SchemaRegistryUnavailableException> failures = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            Throwable t = catchThrowable(() -> deserializer.deserialize("events", bytes));
            assertThat(t).isInstanceOf(SchemaRegistryUnavailableException.class).isInstanceOf(RetriableException.class);
            assertThat(((SerdeFailure) t).reasonCode()).isEqualTo(SchemaRegistryUnavailableException.REASON_CODE);
            failures.add((SchemaRegistryUnavailableException) t);
        }
        return failures;
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertOutage(ThrowingCallable call) {
        return assertThatThrownBy(call)
                .isInstanceOfSatisfying(SchemaRegistryUnavailableException.class, e -> assertThat(e.reasonCode())
                        .isEqualTo("SCHEMA_REGISTRY_UNAVAILABLE"))
                .isInstanceOf(RetriableException.class)
                .isInstanceOf(TimeoutException.class)
                .isNotInstanceOf(SerializationException.class);
    }

    private static void assertBadRecord(ThrowingCallable call, String reasonCode) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(SchemaSerdeException.class, e -> assertThat(e.reasonCode())
                        .isEqualTo(reasonCode))
                .isInstanceOf(SerializationException.class)
                .isNotInstanceOf(RetriableException.class);
    }

    /** A loopback port that was free a moment ago and has nothing listening on it now. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
