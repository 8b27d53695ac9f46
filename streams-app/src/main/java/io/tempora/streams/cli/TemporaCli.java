package io.tempora.streams.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ./tempora} command line: one subcommand per task ({@code serve} here; the trainer and the load
 * generator add theirs). {@code --help} on every command.
 */
@Command(
        name = "tempora",
        mixinStandardHelpOptions = true,
        version = "tempora 0.1.0",
        description = "Real-time event-process modelling with neural ODEs on Apache Kafka.",
        subcommands = {ServeCommand.class, CommandLine.HelpCommand.class})
public final class TemporaCli implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The top-level command with {@code serve} (its footer listing the application keys), {@code help}, and
     * {@code extraSubcommands} (picocli {@code @Command} objects, e.g. the trainer's), for launchers that add
     * commands of modules this one cannot depend on.
     */
    public static CommandLine commandLine(Object... extraSubcommands) {
        CommandLine cli = new CommandLine(new TemporaCli());
        cli.getSubcommands().get("serve").getCommandSpec().usageMessage().footer(ServeCommand.keysHelp());
        for (Object subcommand : extraSubcommands) {
            cli.addSubcommand(subcommand);
        }
        return cli;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand (see --help)");
    }
}
