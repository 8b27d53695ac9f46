package io.tempora.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.schemas.Event;
import io.tempora.schemas.serde.EventDeserializer;
import io.tempora.schemas.testing.RegistryDevExtension;
import io.tempora.schemas.testing.RegistryDevServer;
import io.tempora.streams.testing.EmbeddedKafka;
import io.tempora.streams.testing.TopicContents;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./tempora produce} against a real broker and the dev registry: every row of a CSV file arrives once, as an
 * Avro Event keyed by its entity, each entity's events in time order; a file with bad rows sends nothing and names
 * their lines.
 */
@ExtendWith(RegistryDevExtension.class)
class ProduceCommandIntegrationTest {

    private static final int PARTITIONS = 2;
    /** How long the test reads the topic back before it gives up on missing records. */
    private static final Duration READ_BACK = Duration.ofSeconds(60);

    private static EmbeddedKafka kafka;

    private final RegistryDevServer registry;

    @TempDir
    Path dir;

    ProduceCommandIntegrationTest(RegistryDevServer registry) {
        this.registry = registry;
    }

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafka.start(Path.of("target/kafka-produce-cli"), Map.of());
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private record Result(int exit, String out, String err) {}

    private Result produce(Path csv, String topic, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "produce",
                csv.toString(),
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--schema-registry-url",
                registry.confluentApiUrl(),
                "--topic",
                topic));
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TemporaMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }

    private static String newTopic() {
        String name = "events-" + UUID.randomUUID();
        kafka.createTopics(List.of(new NewTopic(name, PARTITIONS, (short) 1)));
        return name;
    }

    @Test
    void everyRowArrivesOnceKeyedByEntityInTimeOrderPerEntity() throws Exception {
        // Three entities, interleaved, one entity's rows out of time order in the file, one feature, ISO and epoch
        // timestamps: the reader sorts each entity's events, and the replay must keep that order.
        Path csv = dir.resolve("events.csv");
        StringBuilder text = new StringBuilder("entity_id,timestamp,type,amount\n");
        Map<String, List<Long>> expectedTimes = new HashMap<>();
        long t0 = 1_706_702_400_000L;
        int rows = 0;
        for (int i = 0; i < 40; i++) {
            String entity = "e" + (i % 3);
            // e2's rows go backwards in the file; the others forwards
            long t = entity.equals("e2") ? t0 + 1_000_000 - 7 * i : t0 + 13L * i;
            String type = i % 2 == 0 ? "click" : "buy";
            text.append(entity)
                    .append(',')
                    .append(t)
                    .append(',')
                    .append(type)
                    .append(',')
                    .append(i)
                    .append('\n');
            expectedTimes.computeIfAbsent(entity, k -> new ArrayList<>()).add(t);
            rows++;
        }
        text.append("e0,2024-01-31T12:00:00Z,click,99\n");
        expectedTimes.get("e0").add(Long.parseLong("1706702400000"));
        rows++;
        expectedTimes.values().forEach(l -> l.sort(Long::compare));
        Files.writeString(csv, text);
        String topic = newTopic();

        Result r = produce(csv, topic, "--speed", "max");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("sent " + rows + " of " + rows + " records (3 entities)");
        List<ConsumerRecord<byte[], byte[]>> records = TopicContents.all(kafka.bootstrapServers(), topic, READ_BACK);
        assertThat(records).hasSize(rows);
        Map<String, List<Event>> byEntity = new HashMap<>();
        Map<String, Integer> partitionOf = new HashMap<>();
        try (EventDeserializer events = new EventDeserializer()) {
            events.configure(Map.of("schema.registry.url", registry.confluentApiUrl()), false);
            for (ConsumerRecord<byte[], byte[]> rec : records) {
                Event e = events.deserialize(topic, rec.value());
                String key = new String(rec.key(), StandardCharsets.UTF_8);
                assertThat(key).isEqualTo(e.getEntityId());
                assertThat(partitionOf.computeIfAbsent(key, k -> rec.partition()))
                        .isEqualTo(rec.partition());
                byEntity.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
            }
        }
        assertThat(byEntity.keySet()).containsExactlyInAnyOrder("e0", "e1", "e2");
        byEntity.forEach((entity, events) -> {
            List<Long> times =
                    events.stream().map(e -> e.getEventTime().toEpochMilli()).toList();
            assertThat(times).as(entity).isEqualTo(expectedTimes.get(entity));
            List<String> ids = events.stream().map(Event::getEventId).toList();
            List<String> expectedIds = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                expectedIds.add(entity + "-" + i);
            }
            assertThat(ids).as(entity).isEqualTo(expectedIds);
        });
        // the event at 2024-01-31T12:00:00Z is e0's first, with its feature
        Event first = byEntity.get("e0").get(0);
        assertThat(first.getType()).isEqualTo("click");
        assertThat(first.getFeatures()).containsEntry("amount", 0.0);
    }

    @Test
    void badRowsAreListedWithTheirLinesAndNothingIsSent() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(
                csv,
                "entity_id,timestamp,type\n"
                        + "a,1706702400000,click\n"
                        + "b,yesterday,click\n"
                        + "c,1706702400001,click\n"
                        + ",1706702400002,buy\n");
        String topic = newTopic();

        Result r = produce(csv, topic, "--speed", "max");

        assertThat(r.exit()).isEqualTo(InputProblems.EXIT_BAD_INPUT);
        assertThat(r.err()).contains(csv + ":3:2: timestamp 'yesterday'").contains(csv + ":5:1: entity_id is empty");
        assertThat(r.out()).doesNotContain("sent");
        assertThat(TopicContents.all(kafka.bootstrapServers(), topic, READ_BACK))
                .isEmpty();
    }

    @Test
    void aSpeedThatIsNotAPositiveNumberIsRefused() throws Exception {
        Path csv = dir.resolve("one.csv");
        Files.writeString(csv, "entity_id,timestamp,type\na,1706702400000,click\n");

        Result r = produce(csv, "unused", "--speed", "0");

        assertThat(r.exit()).isEqualTo(InputProblems.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("--speed must be a positive number or 'max', was '0'");
    }
}
