package io.tempora.streams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TemporaCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = TemporaCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void serveHelpListsEveryApplicationKeyWithItsDefault() {
        assertThat(run("serve", "--help")).isZero();
        assertThat(out.toString())
                .contains(
                        "--config=FILE",
                        "tempora.grace.ms",
                        "default 60000",
                        "tempora.ring.size",
                        "default 32",
                        "tempora.model.verification.key",
                        "TEMPORA_BOOTSTRAP_SERVERS");
    }

    @Test
    void withoutASubcommandItSaysSo() {
        assertThat(run()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("name a subcommand");
    }

    @Test
    void aMissingConfigurationFileIsAUsageErrorNamingTheFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.properties");
        assertThat(run("serve", "--config", missing.toString())).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("cannot read the configuration file", "nope.properties");
    }

    @Test
    void aBadKeyIsAUsageErrorThatSaysWhichAndWhy(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "bootstrap.servers=127.0.0.1:1\ntempora.grace.ms=soon\n");
        assertThat(run("serve", "--config", file.toString())).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("tempora.grace.ms", "soon");
    }
}
