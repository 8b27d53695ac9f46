package io.tempora.trainer.cli;

import io.tempora.streams.TemporaConfig;
import io.tempora.streams.model.ModelValidator;
import io.tempora.streams.model.SignatureVerifier;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Option;

/**
 * The options every {@code models} command shares: where the broker and the registry are, and the streams app's own
 * configuration (model name, models topic, pinned version, verification key), read as {@code serve} reads it.
 *
 * <p>Precedence, lowest first: the {@code --config} file, {@code TEMPORA_*} environment variables (as for
 * {@code serve}), then {@code --bootstrap-servers} and {@code --schema-registry-url} on the command line.
 */
final class ModelsConnection {

    /** The serde's key for the registry's address. */
    static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

    /** How long a command waits for the broker and the registry unless told otherwise. */
    static final long DEFAULT_TIMEOUT_SECONDS = 30;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Java properties, as for serve: bootstrap.servers, schema.registry.url and the other "
                    + "client and serde keys, and the app's tempora.* keys (tempora.model.name, tempora.models.topic, "
                    + "tempora.model.pinned.version, tempora.model.verification.key). TEMPORA_<KEY> environment "
                    + "variables override it.")
    private Path config;

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT[,...]",
            description = "The Kafka brokers (overrides bootstrap.servers).")
    private String bootstrapServers;

    @Option(
            names = "--schema-registry-url",
            paramLabel = "URL",
            description = "The schema registry (overrides schema.registry.url).")
    private String schemaRegistryUrl;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            description = "How long to wait for the broker and the registry (default: ${DEFAULT-VALUE}).")
    private long timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;

    /** The resolved settings of a {@code models} command. */
    record Settings(
            TemporaConfig app,
            Map<String, Object> clients,
            ModelValidator validator,
            Map<String, Long> pins,
            Duration timeout) {

        String topic() {
            return app.modelsTopic();
        }

        String modelName() {
            return app.modelName();
        }
    }

    /**
     * The settings from the file, the environment and the options.
     *
     * @throws ModelsFailure (bad input) when the file cannot be read, a key is invalid, or the broker or the registry
     *                       is not given anywhere
     */
    Settings settings(Map<String, String> env) {
        if (timeoutSeconds < 1) {
            throw ModelsFailure.badInput("--timeout must be at least 1 second");
        }
        Map<String, Object> props = TemporaConfig.withEnvironment(load(), env);
        if (bootstrapServers != null) {
            props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }
        if (schemaRegistryUrl != null) {
            props.put(SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        }
        requireGiven(props, CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "--bootstrap-servers");
        requireGiven(props, SCHEMA_REGISTRY_URL, "--schema-registry-url");
        TemporaConfig app;
        SignatureVerifier verifier = null;
        try {
            app = new TemporaConfig(props);
            if (!app.verificationKey().isEmpty()) {
                verifier = SignatureVerifier.fromBase64X509(app.verificationKey());
            }
        } catch (ConfigException | IllegalArgumentException e) {
            throw ModelsFailure.badInput(
                    "bad configuration" + (config == null ? "" : " in " + config) + ": " + e.getMessage());
        }
        Map<String, Long> pins = new HashMap<>();
        if (app.pinnedVersion() >= 0) {
            pins.put(app.modelName(), app.pinnedVersion());
        }
        return new Settings(
                app,
                app.serdeConfigs(),
                new ModelValidator(Optional.ofNullable(verifier)),
                Map.copyOf(pins),
                Duration.ofSeconds(timeoutSeconds));
    }

    private Properties load() {
        Properties p = new Properties();
        if (config == null) {
            return p;
        }
        if (!Files.isReadable(config)) {
            throw ModelsFailure.badInput("cannot read the configuration file " + config.toAbsolutePath());
        }
        try (Reader r = Files.newBufferedReader(config)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw ModelsFailure.badInput("cannot read the configuration file " + config + ": " + e.getMessage());
        }
        return p;
    }

    private static void requireGiven(Map<String, Object> props, String key, String option) {
        Object value = props.get(key);
        if (value == null || value.toString().isBlank()) {
            throw ModelsFailure.badInput("no " + key + " given: use " + option + ", set " + key + " in --config FILE, "
                    + "or set " + TemporaConfig.ENV_PREFIX
                    + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_'));
        }
    }
}
