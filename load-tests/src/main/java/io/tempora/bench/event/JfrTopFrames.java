package io.tempora.bench.event;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The hottest methods of a JFR recording's execution samples (only threads running a JMH benchmark):
 * self (top frame, after inlining as the JIT's debug info reports it) and total (anywhere on the stack).
 */
public final class JfrTopFrames {

    private JfrTopFrames() {}

    /** Prints the {@code top} methods by self and by total samples to a string. */
    public static String summarise(Path recording, int top) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (frames.isEmpty()
                    || frames.stream()
                            .noneMatch(f -> f.getMethod().getType().getName().contains("jmh_generated"))) {
                continue;
            }
            samples++;
            self.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                if (f.getMethod().getType().getName().startsWith("io.tempora.") && seen.add(name(f))) {
                    total.merge(name(f), 1, Integer::sum);
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "  %d execution samples in benchmark threads%n", samples));
        append(sb, "self", self, samples, top);
        append(sb, "total", total, samples, top);
        return sb.toString();
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
