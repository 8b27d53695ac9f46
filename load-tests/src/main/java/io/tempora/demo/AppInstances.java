package io.tempora.demo;

import io.micrometer.core.instrument.Counter;
import io.tempora.streams.TemporaApp;
import io.tempora.streams.TemporaConfig;
import io.tempora.streams.processor.ProcessorMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;

/**
 * Several instances of the streams app in this JVM, as separate machines would run them: one {@code application.id}
 * (one consumer group, so they share the events topic's partitions), each with its own state directory and its own
 * HTTP port (a free one), so that each is its own Kafka Streams {@code application.server}.
 *
 * <p>The demo ({@code ./demo.sh instances=2}) and the query benchmark ({@code ./bench.sh query}) run the app this way.
 */
public final class AppInstances implements AutoCloseable {

    /**
     * The header with which an instance says it forwarded an entity query to the entity's owner (the app's
     * {@code EntityRouter.FORWARDED}).
     */
    public static final String FORWARDED_HEADER = "X-Tempora-Forwarded";

    /** How often {@link #awaitRunning} looks at the instances' states. */
    private static final long POLL_MS = 50;

    private final List<TemporaApp> apps;
    private boolean closed;

    private AppInstances(List<TemporaApp> apps) {
        this.apps = List.copyOf(apps);
    }

    /**
     * Starts one instance per state directory, one after the other, each with {@code properties} (which name the
     * shared {@code application.id}) and its own {@code state.dir}. An instance that fails to start closes those
     * already started.
     *
     * @param modelWait how long each instance waits for the models topic to be read ({@link TemporaApp#start})
     */
    public static AppInstances start(Map<String, Object> properties, List<Path> stateDirs, Duration modelWait)
            throws InterruptedException {
        if (stateDirs.isEmpty()) {
            throw new IllegalArgumentException("at least one instance (one state directory) is needed");
        }
        List<TemporaApp> started = new ArrayList<>();
        try {
            for (Path dir : stateDirs) {
                Map<String, Object> p = new HashMap<>(properties);
                p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toAbsolutePath().toString());
                started.add(TemporaApp.start(new TemporaConfig(p), modelWait));
            }
        } catch (InterruptedException | RuntimeException e) {
            started.forEach(TemporaApp::close);
            throw e;
        }
        return new AppInstances(started);
    }

    /** {@code count} new directories {@code instance-1}, {@code instance-2}, ... under {@code parent}. */
    public static List<Path> stateDirs(Path parent, int count) {
        List<Path> dirs = new ArrayList<>(count);
        try {
            for (int i = 1; i <= count; i++) {
                dirs.add(Files.createDirectories(parent.resolve("instance-" + i)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the instances' state directories under " + parent, e);
        }
        return dirs;
    }

    /** The instances, in the order of their state directories. */
    public List<TemporaApp> apps() {
        return apps;
    }

    public int size() {
        return apps.size();
    }

    /**
     * Waits until every instance is RUNNING with at least one active task and the instances' active tasks add up to
     * {@code tasks} (each partition's task on exactly one instance: no rebalance in progress).
     *
     * @param checkpoint run on every look; throws to give up waiting (the demo's Ctrl-C)
     * @throws IllegalStateException when an instance fails or the timeout passes first, saying each one's state
     */
    public void awaitRunning(int tasks, Duration timeout, Runnable checkpoint) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!sharing(tasks)) {
            checkpoint.run();
            boolean failed = apps.stream().anyMatch(a -> !a.streams().state().isRunningOrRebalancing());
            if (failed || System.nanoTime() > deadline) {
                throw new IllegalStateException("the " + apps.size() + " app instance(s) did not all reach RUNNING"
                        + " sharing " + tasks + " tasks within " + timeout.toSeconds() + " s: " + states());
            }
            Thread.sleep(POLL_MS);
        }
    }

    private boolean sharing(int tasks) {
        int total = 0;
        for (TemporaApp app : apps) {
            if (app.streams().state() != KafkaStreams.State.RUNNING) {
                return false;
            }
            int own = activeTasks(app).size();
            if (own == 0) {
                return false;
            }
            total += own;
        }
        return total == tasks;
    }

    private String states() {
        List<String> s = new ArrayList<>();
        for (int i = 0; i < apps.size(); i++) {
            TemporaApp app = apps.get(i);
            KafkaStreams.State state = app.streams().state();
            s.add("instance " + (i + 1) + " " + state
                    + (state == KafkaStreams.State.RUNNING
                            ? " with " + activeTasks(app).size() + " tasks"
                            : ""));
        }
        return String.join(", ", s);
    }

    private static List<TaskMetadata> activeTasks(TemporaApp app) {
        List<TaskMetadata> tasks = new ArrayList<>();
        for (ThreadMetadata t : app.streams().metadataForLocalThreads()) {
            tasks.addAll(t.activeTasks());
        }
        return tasks;
    }

    /** What each instance holds now: its HTTP address, its partitions of {@code topic} and its predictions so far. */
    public List<Instance> report(String topic) {
        List<Instance> out = new ArrayList<>();
        for (TemporaApp app : apps) {
            TreeSet<Integer> partitions = new TreeSet<>();
            for (TaskMetadata task : activeTasks(app)) {
                for (TopicPartition tp : task.topicPartitions()) {
                    if (tp.topic().equals(topic)) {
                        partitions.add(tp.partition());
                    }
                }
            }
            String http = app.httpAddress().map(AppInstances::hostPort).orElse("");
            out.add(new Instance(http, List.copyOf(partitions), predictions(app)));
        }
        return out;
    }

    /** The predictions {@code app} has written to the predictions topic, of every trigger. */
    public static long predictions(TemporaApp app) {
        return Math.round(app.meters().find(ProcessorMetrics.PREDICTIONS).counters().stream()
                .mapToDouble(Counter::count)
                .sum());
    }

    /** {@code host:port} of an HTTP address. */
    public static String hostPort(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    /** Closes every instance, the last started first; each commits and leaves the group. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = apps.size() - 1; i >= 0; i--) {
            apps.get(i).close();
        }
    }

    /**
     * One instance as it was when reported.
     *
     * @param http        its HTTP {@code host:port} (its {@code application.server}), empty without HTTP
     * @param partitions  the partitions of the events topic whose tasks it ran, ascending
     * @param predictions predictions it made (its {@code tempora.predictions} counter)
     */
    public record Instance(String http, List<Integer> partitions, long predictions) {

        public Instance {
            partitions = List.copyOf(partitions);
        }

        /** {@code {"http":"127.0.0.1:8080","partitions":[0,2],"predictions":512}}. */
        String toJson() {
            return "{\"http\":" + DemoSummary.string(http) + ",\"partitions\":"
                    + partitions.toString().replace(" ", "") + ",\"predictions\":" + predictions + "}";
        }
    }
}
