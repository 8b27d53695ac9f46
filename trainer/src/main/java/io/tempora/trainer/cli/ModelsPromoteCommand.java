package io.tempora.trainer.cli;

import io.tempora.streams.model.ModelSigner;
import io.tempora.trainer.cli.ModelsConnection.Settings;
import io.tempora.trainer.models.ModelHistory;
import io.tempora.trainer.models.ModelVersion;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tempora models promote --version N}: version N's parameters published again as the newest version plus one
 * (parent N), so that the streams app serves them.
 */
@Command(
        name = "promote",
        description = {
            "Publishes version N's parameters as the next version (number newest+1, parent N), so that the streams "
                    + "app serves them. Version N must still be on the topic; one compacted away is published "
                    + "again from its file (models publish)."
        })
final class ModelsPromoteCommand implements Callable<Integer> {

    @Mixin
    private ModelsConnection connection;

    @Mixin
    private SigningKeyOption signing;

    // Not mixinStandardHelpOptions: its --version (print the tool's version) would take the name this command's
    // version number needs.
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    private boolean help;

    @Option(names = "--version", required = true, paramLabel = "N", description = "The version to serve.")
    private long version;

    @Option(names = "--name", paramLabel = "NAME", description = "The model name (default: tempora.model.name).")
    private String name;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    ModelsPromoteCommand() {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            Settings s = connection.settings(System.getenv());
            String modelName = name == null ? s.modelName() : name;
            Optional<ModelSigner> signer = signing.signer();
            ModelHistory history = ModelsSupport.history(s);
            ModelVersion source = ModelsSupport.requireVersion(history, modelName, version);
            ModelsSupport.requireUsable(source, "promoted");
            if (ModelsSupport.newestAccepted(history, modelName)
                    .filter(newest -> newest.version() == source.version())
                    .isPresent()) {
                throw ModelsFailure.badInput(
                        source.label() + " is the newest accepted version already; nothing to promote");
            }
            ModelsSupport.publish(
                    s, history, out, (publisher, now) -> publisher.republish(history, source, signer, now));
            return 0;
        } catch (ModelsFailure e) {
            spec.commandLine().getErr().println(e.getMessage());
            spec.commandLine().getErr().flush();
            return e.exitCode();
        }
    }
}
