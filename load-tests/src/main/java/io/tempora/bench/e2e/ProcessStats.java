package io.tempora.bench.e2e;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * This JVM's resident memory ({@code /proc/self/status}: VmRSS now, VmHWM the peak) and its garbage collectors' totals
 * ({@link GarbageCollectorMXBean}). The benchmark runs the broker, the generator and the app in one JVM, so the
 * memory is all of theirs together.
 */
record ProcessStats(double rssMb, double peakRssMb, long gcCount, long gcMillis) {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final double KB_PER_MB = 1024.0;

    /** The figures now; memory NaN where {@code /proc} is not there (not Linux). */
    static ProcessStats now() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        double rss = Double.NaN;
        double peak = Double.NaN;
        try {
            List<String> lines = Files.readAllLines(STATUS);
            rss = kilobytes(lines, "VmRSS:") / KB_PER_MB;
            peak = kilobytes(lines, "VmHWM:") / KB_PER_MB;
        } catch (IOException e) {
            // not Linux: no figure rather than a wrong one
        }
        return new ProcessStats(rss, peak, count, millis);
    }

    /** Collections and their time since {@code before}; memory as now. */
    ProcessStats since(ProcessStats before) {
        return new ProcessStats(rssMb, peakRssMb, gcCount - before.gcCount, gcMillis - before.gcMillis);
    }

    private static double kilobytes(List<String> status, String field) {
        for (String line : status) {
            if (line.startsWith(field)) {
                return Double.parseDouble(
                        line.substring(field.length()).replace("kB", "").trim());
            }
        }
        return Double.NaN;
    }
}
