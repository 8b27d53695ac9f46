package io.tempora.trainer.cli;

import io.tempora.trainer.service.RunRecord;
import io.tempora.trainer.service.TrainService;
import io.tempora.trainer.service.TrainerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tempora train --config FILE [--once | --every PERIOD]}: the training service. Each run prints one line
 * {@code TRAIN {json}} ({@link RunRecord#toJson()}) on stdout. With {@code --once} (the default) the exit status is 0
 * when the run published, kept the champion or skipped, 1 when it failed; a bad configuration exits with 2 before
 * anything is read.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Retrains the model from the events topic and publishes the new version to the models topic if it beats "
                    + "the serving one on held-out entities by the margin.",
            "",
            "The configuration file holds Java properties: the service's keys (below) and the Kafka clients' and "
                    + "serdes' keys (bootstrap.servers and schema.registry.url are required), passed through. Any key "
                    + "can be set by an environment variable TEMPORA_<KEY>, upper case with dots as underscores "
                    + "(TEMPORA_BOOTSTRAP_SERVERS, TEMPORA_TRAIN_MARGIN); the environment wins over the file.",
            "",
            "Every run prints one line 'TRAIN {json}' with its decision (published, kept_champion, skipped, failed), "
                    + "the reason, and the validation NLL per event (nats, time in seconds) of the serving and the "
                    + "new version."
        },
        footerHeading = "%nService keys:%n")
final class TrainCommand implements Callable<Integer> {

    /** A period such as {@code 90s}, {@code 15m}, {@code 1h}, {@code 1d} or {@code 500ms}. */
    private static final Pattern SHORT_PERIOD = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    /** The exit status of a run that failed. */
    static final int EXIT_RUN_FAILED = 1;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Java properties file.")
    private Path config;

    @CommandLine.ArgGroup(exclusive = true)
    private Schedule schedule;

    static final class Schedule {
        @Option(names = "--once", description = "Run once and exit (the default).")
        boolean once;

        @Option(
                names = "--every",
                paramLabel = "PERIOD",
                description = "Run now and then every PERIOD (e.g. 1h, 30m, 90s, 1d, or ISO-8601 PT1H) until stopped.")
        String every;
    }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    TrainCommand() {}

    /** The command with its footer listing the service's configuration keys, to add to the launcher. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TrainCommand());
        cli.getCommandSpec().usageMessage().footer(TrainerConfig.keysHelp().replace("%", "%%"));
        return cli;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Duration period = schedule == null || schedule.every == null ? null : parsePeriod(schedule.every);
        if (!Files.isReadable(config)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "cannot read the configuration file " + config.toAbsolutePath());
        }
        TrainService service;
        try {
            TrainerConfig parsed = TrainerConfig.load(config, System.getenv());
            service = new TrainService(
                    parsed,
                    record -> {
                        out.println(RunRecord.JSON_PREFIX + record.toJson());
                        out.flush();
                    },
                    Clock.systemUTC());
        } catch (ConfigException | IllegalArgumentException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "bad configuration in " + config + ": " + e.getMessage());
        }
        if (period == null) {
            RunRecord record = service.runOnce();
            return record.decision() == RunRecord.Decision.FAILED ? EXIT_RUN_FAILED : 0;
        }
        // Ctrl-C or SIGTERM: the run in progress finishes (a version is published whole or not at all), then exit.
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    service.close();
                    try {
                        finished.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "tempora-train-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            service.runEvery(period);
        } finally {
            finished.countDown();
        }
        return 0;
    }

    private Duration parsePeriod(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = SHORT_PERIOD.matcher(t);
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                d = Duration.parse(text.strip());
            } catch (DateTimeParseException e) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--every '" + text + "' is not a period: write e.g. 1h, 30m, 90s, 1d or PT1H");
            }
        }
        if (d.isZero() || d.isNegative()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--every must be positive, got '" + text + "'");
        }
        return d;
    }
}
