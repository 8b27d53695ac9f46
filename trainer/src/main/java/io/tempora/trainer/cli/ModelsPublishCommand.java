package io.tempora.trainer.cli;

import io.tempora.model.EventModel;
import io.tempora.model.ModelCodec;
import io.tempora.streams.model.ModelSigner;
import io.tempora.trainer.cli.ModelsConnection.Settings;
import io.tempora.trainer.models.ModelHistory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tempora models publish}: a model file ({@link ModelCodec}, as {@code ./tempora fit} writes it) published as
 * the newest version plus one, its parent the newest version, with its metrics, checksum and, when a key is given,
 * signature.
 */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        description = {
            "Publishes a model file (written by ./tempora fit) as the next version: number newest+1, parent the "
                    + "newest version, the checksum of its tensors, the metrics of its sidecar (MODEL.metrics.json "
                    + "or MODEL.json, every number in it, when there is one; --metrics names another), signed with "
                    + "--signing-key when given. The record is checked as the streams app checks it before it is "
                    + "sent; nothing is written otherwise. Creates the models topic (compacted, history kept) if it "
                    + "does not exist."
        })
final class ModelsPublishCommand implements Callable<Integer> {

    @Mixin
    private ModelsConnection connection;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The model file.")
    private Path model;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "The model name, the record key (default: tempora.model.name, itself 'default' unless set).")
    private String name;

    @Option(
            names = "--metrics",
            paramLabel = "FILE",
            description = "A JSON file of metrics to publish with the model (default: the model's sidecar, if any).")
    private Path metrics;

    @Option(
            names = "--signing-key",
            paramLabel = "FILE",
            description = "A file holding a base64 PKCS#8 Ed25519 private key; the version is signed with it.")
    private Path signingKey;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    ModelsPublishCommand() {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            Settings s = connection.settings(System.getenv());
            String modelName = name == null ? s.modelName() : name;
            EventModel decoded = readModel(model);
            MetricsSidecar.Read read = metricsFor(model);
            read.file()
                    .ifPresent(f -> out.printf(
                            "metrics from %s: %d%s%n",
                            f,
                            read.metrics().size(),
                            read.ignored().isEmpty() ? "" : " (not numbers, not published: " + read.ignored() + ")"));
            Map<String, Double> versionMetrics = new TreeMap<>(read.metrics());
            Optional<ModelSigner> signer = ModelsSupport.signer(signingKey);
            ModelHistory history = ModelsSupport.history(s);
            ModelsSupport.publish(
                    s,
                    history,
                    out,
                    (publisher, now) -> publisher.publishNew(history, modelName, decoded, versionMetrics, signer, now));
            return 0;
        } catch (ModelsFailure e) {
            spec.commandLine().getErr().println(e.getMessage());
            spec.commandLine().getErr().flush();
            return e.exitCode();
        }
    }

    private MetricsSidecar.Read metricsFor(Path modelFile) {
        if (metrics != null) {
            if (!Files.isRegularFile(metrics)) {
                throw ModelsFailure.badInput("--metrics " + metrics + " does not exist");
            }
            return MetricsSidecar.read(metrics);
        }
        Optional<Path> sidecar = MetricsSidecar.find(modelFile);
        return sidecar.map(MetricsSidecar::read).orElse(MetricsSidecar.Read.none());
    }

    /** The model in {@code file}, or a failure saying why it is not one. */
    static EventModel readModel(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw ModelsFailure.badInput("cannot read the model file " + file + ": " + e);
        }
        try {
            return ModelCodec.decode(bytes);
        } catch (IllegalArgumentException e) {
            // ModelFormatException for the file's format; other IllegalArgumentExceptions for the model it describes.
            throw ModelsFailure.badInput(file + " is not a usable Tempora model file: " + e.getMessage());
        }
    }
}
