package io.tempora.bench.e2e;

import io.tempora.bench.event.JfrTopFrames;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording of a Kafka Streams run in this JVM (execution and native-method samples, garbage collections),
 * summarised as the
 * stream threads' hottest methods and their time by group of code: Kafka, RocksDB, the serdes (Avro and the project's),
 * the model (model-core), the streams app's own code, the rest.
 */
final class StreamsProfile implements AutoCloseable {

    /** How often JFR samples each running thread's stack: 10 ms costs the run little. */
    static final Duration SAMPLE_PERIOD = Duration.ofMillis(10);
    /** Methods listed by self and by total samples. */
    static final int TOP = 15;
    /** The word in Kafka Streams' thread names ({@code APPID-UUID-StreamThread-1}). */
    static final String STREAM_THREAD = "StreamThread";

    /**
     * Class-name prefixes of general-purpose code, counted in its caller's group: the JDK's (a JDK collection used by
     * Kafka is Kafka's time) and Kafka's own utilities (its byte-stream classes are what the JIT's debug information
     * names inside the state serde's {@code DataInputStream} reads).
     */
    private static final List<String> CALLERS_CODE =
            List.of("java.", "javax.", "jdk.", "sun.", "com.sun.", "org.apache.kafka.common.utils.");

    /** Group of a class by name prefix, first match wins; anything else is "other". */
    private static final List<Map.Entry<String, String>> GROUPS = List.of(
            Map.entry("org.rocksdb.", "RocksDB"),
            Map.entry("org.apache.kafka.streams.state.", "Kafka Streams state stores (around RocksDB)"),
            Map.entry("org.apache.kafka.", "Kafka (clients, Streams)"),
            Map.entry("org.apache.avro.", "serdes (Avro, the project's)"),
            Map.entry("io.tempora.schemas.", "serdes (Avro, the project's)"),
            Map.entry("io.tempora.model.", "model (model-core)"),
            Map.entry("io.tempora.ode.", "model (model-core)"),
            Map.entry("io.tempora.nn.", "model (model-core)"),
            Map.entry("io.tempora.pp.", "model (model-core)"),
            Map.entry("io.tempora.streams.state.", "entity state serde (EntityRecordSerde)"),
            Map.entry("io.tempora.streams.", "streams app (processor, prediction mapping)"),
            Map.entry("io.micrometer.", "metrics (Micrometer)"));

    private final Recording recording = new Recording();
    private final Path file;

    private StreamsProfile(Path file) {
        this.file = file;
    }

    /** Starts recording; {@link #stop} writes {@code file}. */
    static StreamsProfile start(Path file) {
        StreamsProfile p = new StreamsProfile(file);
        p.recording.enable(JfrTopFrames.EXECUTION_SAMPLE).withPeriod(SAMPLE_PERIOD);
        p.recording.enable(JfrTopFrames.NATIVE_METHOD_SAMPLE).withPeriod(SAMPLE_PERIOD);
        p.recording.enable("jdk.GarbageCollection");
        p.recording.start();
        return p;
    }

    /** Stops recording and writes the file. */
    void stop() throws IOException {
        recording.stop();
        recording.dump(file);
    }

    /** The stream threads' top frames and groups, as text. */
    String summary() throws IOException {
        return JfrTopFrames.summarise(
                file,
                TOP,
                "Kafka Streams threads (running Java code, or in a native method such as RocksDB's)",
                StreamsProfile::inStreamThread,
                StreamsProfile::group);
    }

    /** The longest garbage-collection pause recorded, in milliseconds. */
    double longestGcPauseMs() throws IOException {
        double longest = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (e.getEventType().getName().equals("jdk.GarbageCollection")) {
                longest = Math.max(longest, e.getDuration("longestPause").toNanos() / 1e6);
            }
        }
        return longest;
    }

    private static boolean inStreamThread(RecordedEvent e) {
        RecordedThread t = e.getThread("sampledThread");
        return t != null && t.getJavaName() != null && t.getJavaName().contains(STREAM_THREAD);
    }

    /** The group of the innermost frame that is not general-purpose code (or of the top frame if all are). */
    private static String group(List<RecordedFrame> frames) {
        String className = frames.get(0).getMethod().getType().getName();
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            if (CALLERS_CODE.stream().noneMatch(type::startsWith)) {
                className = type;
                break;
            }
        }
        for (Map.Entry<String, String> g : GROUPS) {
            if (className.startsWith(g.getKey())) {
                return g.getValue();
            }
        }
        return "other";
    }

    @Override
    public void close() {
        recording.close();
    }
}
