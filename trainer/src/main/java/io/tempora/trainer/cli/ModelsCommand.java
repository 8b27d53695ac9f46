package io.tempora.trainer.cli;

import io.tempora.streams.Topics;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tempora models}: the versions of a model on the {@code model-parameters} topic, listed, published from a
 * file, promoted and rolled back, against the broker and registry the configuration names.
 */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = {
            "Model versions on the models topic (model-parameters): list them, publish a model file, promote or roll "
                    + "back a version.",
            "",
            "Every change is a new version, the newest plus one, so that the streams app (which accepts only "
                    + "increasing numbers) rolls it in without a restart. The topic is compacted: every version stays "
                    + "at least as long as its min.compaction.lag.ms (" + Topics.MODEL_HISTORY_RETENTION_DAYS
                    + " days as Tempora creates it); older ones may be "
                    + "gone and are published again from their files.",
            "",
            "Exit status: 0 done, 1 the broker or the registry failed, 2 the request cannot be done as asked "
                    + "(unknown version, empty topic, unreadable model file, bad configuration)."
        },
        subcommands = {
            ModelsListCommand.class,
            ModelsPublishCommand.class,
            ModelsPromoteCommand.class,
            ModelsRollbackCommand.class
        })
final class ModelsCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    ModelsCommand() {}

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "name a models subcommand: list, publish, promote or rollback (see --help)");
    }
}
