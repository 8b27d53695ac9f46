package io.tempora.trainer.cli;

import io.tempora.streams.cli.TemporaCli;
import picocli.CommandLine;

/**
 * The {@code ./tempora} command line: the streams app's top-level command ({@code serve}, {@code help}) with the
 * trainer's {@code fit}, {@code evaluate}, {@code simulate}, {@code models} and {@code train}.
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
                new ModelsCommand(),
                TrainCommand.commandLine());
    }
}
