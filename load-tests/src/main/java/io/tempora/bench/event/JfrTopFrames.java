package io.tempora.bench.event;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The hottest methods of a JFR recording's execution samples, counting only the samples of the threads being measured
 * (JMH's benchmark threads by default): self (top frame, after inlining as the JIT's debug info reports it) and total
 * (anywhere on the stack, {@code io.tempora} methods only); optionally the share of each group of code (a library, the
 * model), as a function of the sample's frames chooses it.
 */
public final class JfrTopFrames {

    /** JFR's stack samples: of threads running Java code, and of threads in a native method (JNI, such as RocksDB). */
    public static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";

    public static final String NATIVE_METHOD_SAMPLE = "jdk.NativeMethodSample";

    private static final Set<String> SAMPLE_EVENTS = Set.of(EXECUTION_SAMPLE, NATIVE_METHOD_SAMPLE);

    private JfrTopFrames() {}

    /** Prints the {@code top} methods by self and by total samples of JMH's benchmark threads to a string. */
    public static String summarise(Path recording, int top) throws IOException {
        return summarise(recording, top, "benchmark threads", JfrTopFrames::inJmhThread, null);
    }

    /**
     * Prints the {@code top} methods by self and by total samples to a string, counting the execution and native-method
     * samples {@code counted} accepts (described as {@code threads}); with {@code group} non-null, also the share of each group, {@code group}
     * naming the group of a class by its name.
     */
    public static String summarise(
            Path recording,
            int top,
            String threads,
            Predicate<RecordedEvent> counted,
            Function<List<RecordedFrame>, String> group)
            throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        Map<String, Integer> groups = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            if (!SAMPLE_EVENTS.contains(e.getEventType().getName())
                    || e.getStackTrace() == null
                    || e.getStackTrace().getFrames().isEmpty()
                    || !counted.test(e)) {
                continue;
            }
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            samples++;
            self.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                if (f.getMethod().getType().getName().startsWith("io.tempora.") && seen.add(name(f))) {
                    total.merge(name(f), 1, Integer::sum);
                }
            }
            if (group != null) {
                groups.merge(group.apply(frames), 1, Integer::sum);
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "  %d samples in %s%n", samples, threads));
        if (group != null) {
            append(sb, "group", groups, samples, groups.size());
        }
        append(sb, "self", self, samples, top);
        append(sb, "total", total, samples, top);
        return sb.toString();
    }

    /** Whether the sample is an execution sample whose stack runs a JMH benchmark method. */
    private static boolean inJmhThread(RecordedEvent e) {
        return e.getEventType().getName().equals(EXECUTION_SAMPLE)
                && e.getStackTrace().getFrames().stream()
                        .anyMatch(f -> f.getMethod().getType().getName().contains("jmh_generated"));
    }

    /** {@code java ... JfrTopFrames FILE [TOP]}: prints the summary of a recording. */
    public static void main(String[] args) throws IOException {
        System.out.print(summarise(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 15));
    }

    private static void append(StringBuilder sb, String what, Map<String, Integer> counts, int samples, int top) {
        sb.append("  top by ").append(what).append(':').append(System.lineSeparator());
        counts.entrySet().stream()
                .sorted((a, b) -> b.getValue() - a.getValue())
                .limit(top)
                .forEach(en -> sb.append(String.format(
                        Locale.ROOT, "    %5.1f%%  %s%n", 100.0 * en.getValue() / Math.max(1, samples), en.getKey())));
    }

    private static String name(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
    }
}
