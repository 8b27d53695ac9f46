package io.tempora.streams.cli;

import io.tempora.streams.TemporaApp;
import io.tempora.streams.TemporaConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tempora serve --config FILE}: runs the streams application until it is stopped (Ctrl-C or
 * SIGTERM close it cleanly: the last processed events are committed before it exits).
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the streams application: events in, predictions out, models rolled in from the " + "models topic.",
            "",
            "The configuration file holds Java properties: the application's own keys (below), and every "
                    + "Kafka Streams, client and serde key (bootstrap.servers, application.id, "
                    + "schema.registry.url, ...), passed through unchanged. Any key can be set by an "
                    + "environment variable TEMPORA_<KEY>, upper case with dots as underscores "
                    + "(TEMPORA_BOOTSTRAP_SERVERS, TEMPORA_GRACE_MS); the environment wins over the file."
        },
        footerHeading = "%nApplication keys:%n")
final class ServeCommand implements Callable<Integer> {

    /** How often the command looks whether the application stopped by itself (an unrecoverable error). */
    private static final Duration STATE_POLL = Duration.ofSeconds(1);
    /** How long to wait at start for the models topic to be read to its end. */
    private static final Duration MODEL_WAIT = Duration.ofSeconds(60);

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Java properties file.")
    private Path config;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    ServeCommand() {}

    @Override
    public Integer call() throws Exception {
        TemporaConfig parsed;
        try {
            parsed = new TemporaConfig(TemporaConfig.withEnvironment(load(config), System.getenv()));
        } catch (ConfigException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "bad configuration in " + config + ": " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // Set by the shutdown hook before it closes the app: NOT_RUNNING is then the requested stop, not a failure.
        AtomicBoolean stopRequested = new AtomicBoolean();
        TemporaApp app = TemporaApp.start(parsed, MODEL_WAIT);
        Thread hook = new Thread(
                () -> {
                    stopRequested.set(true);
                    app.close();
                    stopped.countDown();
                },
                "tempora-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        while (!stopped.await(STATE_POLL.toMillis(), TimeUnit.MILLISECONDS)) {
            KafkaStreams.State state = app.streams().state();
            if (!stopRequested.get()
                    && (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING)) {
                spec.commandLine().getErr().println("the application stopped (" + state + "); see the log");
                return 1;
            }
        }
        return 0;
    }

    private Properties load(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "cannot read the configuration file " + file.toAbsolutePath());
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p;
    }

    /** The application keys for the help footer: name, type, default and documentation. */
    static String keysHelp() {
        StringBuilder out = new StringBuilder();
        for (ConfigDef.ConfigKey key : TemporaConfig.CONFIG_DEF.configKeys().values()) {
            Object def = key.hasDefault() ? key.defaultValue : "(required)";
            out.append(String.format(
                    "  %s (%s, default %s)%n      %s%n",
                    key.name, key.type.name().toLowerCase(Locale.ROOT), def, key.documentation));
        }
        return out.toString();
    }
}
