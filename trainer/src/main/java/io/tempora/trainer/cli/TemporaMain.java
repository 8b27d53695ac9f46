package io.tempora.trainer.cli;

import io.tempora.streams.cli.TemporaCli;
import picocli.CommandLine;

/**
 * The {@code ./tempora} command line, one launcher for every task, each subcommand with {@code --help}:
 * <ul>
 *   <li>{@code fit}: trains a model from CSV files ({@link FitCommand}), with its baselines and an HTML report;</li>
 *   <li>{@code evaluate}: scores a model on a CSV file under the likelihood convention ({@link EvaluateCommand});</li>
 *   <li>{@code simulate}: writes events of a benchmark point process as CSV ({@link SimulateCommand});</li>
 *   <li>{@code produce}: replays a CSV file of events into the events topic ({@link ProduceCommand});</li>
 *   <li>{@code models}: lists, publishes, promotes and rolls back versions on the models topic
 *       ({@link ModelsCommand});</li>
 *   <li>{@code train}: the training service, once or on a schedule ({@link TrainCommand});</li>
 *   <li>{@code serve}: the streams app (the streams app's own command, with {@code help}).</li>
 * </ul>
 * The streams app's top-level command is the root, so that {@code serve} is spelled and configured in one place.
 */
public final class TemporaMain {

    private TemporaMain() {}

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The whole command line, ready to execute. */
    public static CommandLine commandLine() {
        return TemporaCli.commandLine(
                new FitCommand(),
                new EvaluateCommand(),
                new SimulateCommand(),
                new ProduceCommand(),
                new ModelsCommand(),
                TrainCommand.commandLine());
    }
}
