package io.tempora.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tempora.trainer.cli.ModelsConnection.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Where the models commands' settings come from: the file, then TEMPORA_* variables, then the options. */
class ModelsConnectionTest {

    @Command(name = "probe")
    static final class Probe {
        @Mixin
        ModelsConnection connection;
    }

    @TempDir
    Path dir;

    private static ModelsConnection parse(String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe.connection;
    }

    private Path file(String text) throws Exception {
        Path f = dir.resolve("c.properties");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void theEnvironmentOverridesTheFileAndTheOptionsOverrideBoth() throws Exception {
        Path config = file("bootstrap.servers=file:1\nschema.registry.url=http://file\ntempora.model.name=fromfile\n"
                + "tempora.model.pinned.version=3\n");
        Map<String, String> env = Map.of("TEMPORA_BOOTSTRAP_SERVERS", "env:2", "TEMPORA_MODEL_NAME", "fromenv");

        Settings fileAndEnv = parse("--config", config.toString()).settings(env);
        Settings all = parse("--config", config.toString(), "--bootstrap-servers", "opt:3", "--timeout", "5")
                .settings(env);

        assertThat(fileAndEnv.clients())
                .containsEntry("bootstrap.servers", "env:2")
                .containsEntry("schema.registry.url", "http://file");
        assertThat(fileAndEnv.modelName()).isEqualTo("fromenv");
        assertThat(fileAndEnv.pins()).isEqualTo(Map.of("fromenv", 3L));
        assertThat(fileAndEnv.topic()).isEqualTo("model-parameters");
        assertThat(fileAndEnv.validator().requiresSignature()).isFalse();
        assertThat(all.clients()).containsEntry("bootstrap.servers", "opt:3");
        assertThat(all.timeout()).hasSeconds(5);
    }

    @Test
    void aMissingRegistryOrUnreadableFileOrBadKeyIsABadRequestThatSaysWhere() throws Exception {
        assertThatThrownBy(() -> parse("--bootstrap-servers", "b:1").settings(Map.of()))
                .isInstanceOf(ModelsFailure.class)
                .hasMessageContaining("no schema.registry.url given: use --schema-registry-url")
                .hasMessageContaining("TEMPORA_SCHEMA_REGISTRY_URL");
        assertThatThrownBy(
                        () -> parse("--config", dir.resolve("none").toString()).settings(Map.of()))
                .hasMessageContaining("cannot read the configuration file");
        Path badKey = file("tempora.model.verification.key=not-base64!\n");
        assertThatThrownBy(() -> parse(
                                "--config",
                                badKey.toString(),
                                "--bootstrap-servers",
                                "b:1",
                                "--schema-registry-url",
                                "u")
                        .settings(Map.of()))
                .isInstanceOf(ModelsFailure.class)
                .hasMessageContaining("bad configuration in " + badKey)
                .hasMessageContaining("not a base64 X.509 Ed25519 public key");
        Path unknown = file("tempora.no.such.key=1\n");
        assertThatThrownBy(() -> parse(
                                "--config",
                                unknown.toString(),
                                "--bootstrap-servers",
                                "b:1",
                                "--schema-registry-url",
                                "u")
                        .settings(Map.of()))
                .hasMessageContaining("tempora.no.such.key");
    }
}
