package io.tempora.trainer.cli;

import io.tempora.streams.model.ModelSigner;
import io.tempora.trainer.cli.ModelsConnection.Settings;
import io.tempora.trainer.models.ModelHistory;
import io.tempora.trainer.models.ModelVersion;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tempora models rollback [--to N]}: an earlier version's parameters published again as the newest version
 * plus one, so that the compacted topic ends on them and the streams app serves them.
 */
@Command(
        name = "rollback",
        mixinStandardHelpOptions = true,
        description = {
            "Publishes an earlier version's parameters as the next version (number newest+1, parent that version), "
                    + "so that the topic ends on them and the streams app serves them. Without --to: the newest "
                    + "version below the newest accepted one whose parameters (checksum) differ from it. The version "
                    + "must still be on the topic; one compacted away is published again from its file "
                    + "(models publish)."
        })
final class ModelsRollbackCommand implements Callable<Integer> {

    @Mixin
    private ModelsConnection connection;

    @Mixin
    private SigningKeyOption signing;

    @Option(names = "--to", paramLabel = "N", description = "The version to go back to.")
    private Long to;

    @Option(names = "--name", paramLabel = "NAME", description = "The model name (default: tempora.model.name).")
    private String name;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    ModelsRollbackCommand() {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            Settings s = connection.settings(System.getenv());
            String modelName = name == null ? s.modelName() : name;
            Optional<ModelSigner> signer = signing.signer();
            ModelHistory history = ModelsSupport.history(s);
            ModelVersion current = ModelsSupport.newestAccepted(history, modelName)
                    .orElseThrow(() -> ModelsFailure.badInput(ModelsSupport.notInTopic(
                            history, modelName, "nothing to roll back: no accepted version of '" + modelName + "'")));
            ModelVersion target =
                    to != null ? ModelsSupport.requireVersion(history, modelName, to) : previous(history, current);
            if (target.version() == current.version()) {
                throw ModelsFailure.badInput(
                        target.label() + " is the newest accepted version already; roll back to an earlier one");
            }
            ModelsSupport.requireUsable(target, "rolled back to");
            if (target.checksum().equals(current.checksum())) {
                out.printf(
                        "note: %s has the same parameters as %s (checksum %s)%n",
                        target.label(), current.label(), ModelsSupport.shortChecksum(current.checksum()));
            }
            ModelsSupport.publish(
                    s, history, out, (publisher, now) -> publisher.republish(history, target, signer, now));
            return 0;
        } catch (ModelsFailure e) {
            spec.commandLine().getErr().println(e.getMessage());
            spec.commandLine().getErr().flush();
            return e.exitCode();
        }
    }

    /** The newest usable version below {@code current} with other parameters. */
    private static ModelVersion previous(ModelHistory history, ModelVersion current) {
        return history.versions(current.name()).stream()
                .filter(v -> v.version() < current.version())
                .filter(v -> v.model().isPresent())
                .filter(v -> !v.checksum().equals(current.checksum()))
                .max(Comparator.comparingLong(ModelVersion::version))
                .orElseThrow(() -> ModelsFailure.badInput(ModelsSupport.notInTopic(
                        history,
                        current.name(),
                        "no version before " + current.label() + " with other parameters is in " + history.topic())));
    }
}
