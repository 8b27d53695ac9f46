package io.tempora.bench;

import io.tempora.bench.serde.CorruptPayloads;
import io.tempora.bench.solver.Timing;
import io.tempora.schemas.Event;
import io.tempora.schemas.serde.ConfluentAvroSerdeConfig;
import io.tempora.schemas.serde.ConfluentWireFormat;
import io.tempora.schemas.serde.EventDeserializer;
import io.tempora.schemas.serde.EventSerializer;
import io.tempora.schemas.serde.SchemaSerdeException;
import io.tempora.schemas.serde.UnknownSchemaIdException;
import io.tempora.schemas.testing.CountingProxy;
import io.tempora.schemas.testing.RegistryDevServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./bench.sh serde}: the hardened Event deserializer (issue 21) on one thread, against the dev Schema
 * Registry on 127.0.0.1 behind a {@link CountingProxy}.
 *
 * <ol>
 *   <li>valid payloads: records/s deserialized;
 *   <li>bad payloads, a seeded mix of {@link CorruptPayloads} (truncations, invalid UTF-8, overflowing varints,
 *       unknown magic bytes): records/s refused, each with a {@link SchemaSerdeException} (anything else, or a
 *       record decoded, stops the benchmark);
 *   <li>records cycling through unknown schema ids: registry requests per record, which the deserializer's
 *       memory of unknown ids ({@code unknown.schema.id.cache.ttl.ms}) keeps at one per id.
 * </ol>
 *
 * <p>Valid and bad passes are timed in alternating rounds after a warm-up ({@link Timing}), so that the machine's
 * drift hits both alike and {@code bad_to_valid_ratio} compares like with like; each figure is the median round.
 * The registry is reached only to register the schema, to fetch it once, and in part 3.
 *
 * <p>Arguments (optional): {@code rounds=N} (default 21), {@code round_ms=N} (default 300), {@code warmup_ms=N}
 * (default 3000), {@code pool=N} distinct payloads of each kind (default 256), {@code unknown_records=N}
 * (default 10000) over {@code unknown_ids=N} ids (default 10).
 */
public final class SerdeBench implements BenchReport {

    static final String TOPIC = "events";
    /** Far above any id a fresh dev registry hands out. */
    static final int FIRST_UNKNOWN_ID = 900_000_000;

    static final long CORRUPTION_SEED = 21;
    static final Duration REGISTRY_START_TIMEOUT = Duration.ofSeconds(120);
    /** System property naming the dev registry's runner jar (set by bench.sh through target/jvm.args). */
    static final String REGISTRY_JAR_PROPERTY = "tempora.registry.dev.jar";

    static final String DEFAULT_REGISTRY_JAR = "deploy/registry-dev/target/registry-dev-0.1.0-SNAPSHOT-runner.jar";
    static final Path WORK_DIR = Path.of("target", "bench-serde");
    private static final String[] TYPES = {"purchase", "visit", "support"};
    /** Rounds of the per-kind breakdown: informative only, so fewer than the main figures'. */
    private static final int KIND_ROUNDS = 5;

    private static final long FIRST_EVENT_MS = 1_764_000_000_000L;

    @Override
    public String run(String[] args) throws Exception {
        Options o = Options.parse(args);
        Path jar = Path.of(System.getProperty(REGISTRY_JAR_PROPERTY, DEFAULT_REGISTRY_JAR));
        try (RegistryDevServer registry =
                        RegistryDevServer.start(jar, WORK_DIR.resolve("registry"), REGISTRY_START_TIMEOUT);
                CountingProxy proxy = new CountingProxy(registry.baseUrl());
                EventSerializer serializer = new EventSerializer();
                EventDeserializer deserializer = new EventDeserializer()) {
            Map<String, Object> config =
                    Map.of(ConfluentAvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, proxy.confluentApiUrl());
            serializer.configure(config, false);
            deserializer.configure(config, false);

            List<byte[]> valid = new ArrayList<>(o.pool);
            for (int i = 0; i < o.pool; i++) {
                valid.add(serializer.serialize(TOPIC, event(i))); // the first one registers the schema
            }
            List<byte[]> bad = CorruptPayloads.mix(valid, CORRUPTION_SEED);
            byte[][] validPool = valid.toArray(byte[][]::new);
            byte[][] badPool = bad.toArray(byte[][]::new);
            deserializeAll(deserializer, validPool); // fetches the schema by id, once
            refuseAll(deserializer, badPool);

            double[] usPerPass = Timing.compare(
                    () -> deserializeAll(deserializer, validPool),
                    () -> refuseAll(deserializer, badPool),
                    o.warmupSeconds,
                    o.rounds,
                    o.roundSeconds);
            double validPerS = o.pool / usPerPass[0] * 1e6;
            double badPerS = o.pool / usPerPass[1] * 1e6;

            proxy.reset();
            long unknownStart = System.nanoTime();
            unknownIds(config, valid.get(0), o.unknownRecords, o.unknownIds);
            double unknownSeconds = (System.nanoTime() - unknownStart) / 1e9;
            int registryCalls = proxy.requests().size();
            double callsPerRecord = registryCalls / (double) o.unknownRecords;

            System.out.printf(Locale.ROOT, "%-34s %14s%n", "case (one thread)", "records/s");
            System.out.printf(Locale.ROOT, "%-34s %14.0f%n", "valid Event", validPerS);
            System.out.printf(Locale.ROOT, "%-34s %14.0f%n", "corrupt Event (seeded mix of 4)", badPerS);
            for (CorruptPayloads.Kind kind : CorruptPayloads.Kind.values()) {
                byte[][] ofKind = ofKind(badPool, kind);
                Runnable pass = () -> refuseAll(deserializer, ofKind);
                double us = Timing.compare(pass, pass, o.warmupSeconds / 2, KIND_ROUNDS, o.roundSeconds)[0];
                System.out.printf(
                        Locale.ROOT,
                        "%-34s %14.0f%n",
                        "  of which " + kind.name().toLowerCase(Locale.ROOT),
                        ofKind.length / us * 1e6);
            }
            System.out.printf(
                    Locale.ROOT,
                    "%-34s %14.0f   registry calls: %d for %d records = %.4f per record%n",
                    "unknown schema id (" + o.unknownIds + " ids)",
                    o.unknownRecords / unknownSeconds,
                    registryCalls,
                    o.unknownRecords,
                    callsPerRecord);
            System.out.printf(
                    Locale.ROOT,
                    "bad/valid throughput: %.3f   (median of %d alternating rounds, %d distinct payloads each)%n",
                    badPerS / validPerS,
                    o.rounds,
                    o.pool);
            return String.format(
                    Locale.ROOT,
                    "{\"valid_per_s\":%.1f,\"bad_per_s\":%.1f,\"registry_calls_per_unknown_id\":%.6f,"
                            + "\"bad_to_valid_ratio\":%.4f}",
                    validPerS,
                    badPerS,
                    callsPerRecord,
                    badPerS / validPerS);
        }
    }

    /**
     * {@code records} framings of {@code framed}'s Avro body cycling through {@code ids} unknown schema ids, each of
     * which must be refused as unknown, by a deserializer that starts with no memory of ids.
     */
    private static void unknownIds(Map<String, Object> config, byte[] framed, int records, int ids) {
        byte[] avro = Arrays.copyOfRange(framed, ConfluentWireFormat.HEADER_LENGTH, framed.length);
        byte[][] framings = new byte[ids][];
        for (int k = 0; k < ids; k++) {
            framings[k] = ConfluentWireFormat.frame(FIRST_UNKNOWN_ID + k, avro);
        }
        try (EventDeserializer fresh = new EventDeserializer()) {
            fresh.configure(config, false);
            for (int i = 0; i < records; i++) {
                try {
                    fresh.deserialize(TOPIC, framings[i % ids]);
                } catch (UnknownSchemaIdException expected) {
                    continue;
                }
                throw new IllegalStateException(
                        "schema id " + (FIRST_UNKNOWN_ID + i % ids) + " was known to the registry: expected unknown");
            }
        }
    }

    /** The {@code i}-th valid event: varied ids, times, types and optional fields. */
    static Event event(int i) {
        return Event.newBuilder()
                .setEntityId("entity-" + i)
                .setEventTime(Instant.ofEpochMilli(FIRST_EVENT_MS + 1_000L * i))
                .setType(TYPES[i % TYPES.length])
                .setFeatures(Map.of("amount", 0.5 * i, "items", (double) (i % 7)))
                .setAttributes(Map.of("channel", i % 2 == 0 ? "web" : "store"))
                .setEventId(i % 5 == 0 ? null : "evt-" + i)
                .build();
    }

    private static void deserializeAll(EventDeserializer deserializer, byte[][] pool) {
        for (byte[] record : pool) {
            if (deserializer.deserialize(TOPIC, record) == null) {
                throw new IllegalStateException("a valid Event payload deserialized to null");
            }
        }
    }

    /** The payloads of {@code pool} that {@link CorruptPayloads#mix} made of {@code kind}. */
    private static byte[][] ofKind(byte[][] pool, CorruptPayloads.Kind kind) {
        List<byte[]> selected = new ArrayList<>();
        for (int i = 0; i < pool.length; i++) {
            if (CorruptPayloads.kindOf(i) == kind) {
                selected.add(pool[i]);
            }
        }
        return selected.toArray(byte[][]::new);
    }

    private static void refuseAll(EventDeserializer deserializer, byte[][] pool) {
        for (int i = 0; i < pool.length; i++) {
            try {
                deserializer.deserialize(TOPIC, pool[i]);
            } catch (SchemaSerdeException expected) {
                continue;
            }
            throw new IllegalStateException("corrupt payload #" + i + " (" + CorruptPayloads.kindOf(i)
                    + ") was deserialized instead of refused: " + Arrays.toString(pool[i]));
        }
    }

    /** Command-line options, {@code key=value}. */
    record Options(
            int rounds, double roundSeconds, double warmupSeconds, int pool, int unknownRecords, int unknownIds) {

        static Options parse(String[] args) {
            int rounds = 21;
            int roundMs = 300;
            int warmupMs = 3000;
            int pool = 256;
            int unknownRecords = 10_000;
            int unknownIds = 10;
            for (String arg : args) {
                int eq = arg.indexOf('=');
                String key = eq < 0 ? arg : arg.substring(0, eq);
                int value;
                try {
                    value = Integer.parseInt(arg.substring(eq + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("argument '" + arg + "' needs a whole number after '='");
                }
                if (value < 1) {
                    throw new IllegalArgumentException("argument '" + arg + "' must be at least 1");
                }
                switch (key) {
                    case "rounds" -> rounds = value;
                    case "round_ms" -> roundMs = value;
                    case "warmup_ms" -> warmupMs = value;
                    case "pool" -> pool = value;
                    case "unknown_records" -> unknownRecords = value;
                    case "unknown_ids" -> unknownIds = value;
                    default ->
                        throw new IllegalArgumentException("unknown argument '" + arg
                                + "': use rounds=, round_ms=, warmup_ms=, pool=, unknown_records= or unknown_ids=");
                }
            }
            return new Options(rounds, roundMs / 1000.0, warmupMs / 1000.0, pool, unknownRecords, unknownIds);
        }
    }
}
