package io.tempora.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {

    @TempDir
    Path dir;

    private record Result(int status, String out, String err) {}

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TemporaMain.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int status = cli.execute(args);
        return new Result(status, out.toString(), err.toString());
    }

    private Path config(String text) throws IOException {
        Path file = dir.resolve("trainer.properties");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void helpListsTheServiceKeys() {
        Result r = run("train", "--help");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("--every", "--once", "tempora.train.margin", "tempora.model.signing.key");
    }

    @Test
    void aConfigurationWithoutBootstrapServersIsRefusedWithTheKeyNamed() throws IOException {
        Result r = run(
                "train",
                "--once",
                "--config",
                config("schema.registry.url=http://127.0.0.1:1\n").toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("bad configuration in", "bootstrap.servers is not set");
    }

    @Test
    void aBadMarginIsRefusedWithTheKeyNamed() throws IOException {
        Result r = run(
                "train",
                "--config",
                config("bootstrap.servers=127.0.0.1:1\nschema.registry.url=http://127.0.0.1:1\n"
                                + "tempora.train.margin=-1\n")
                        .toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("tempora.train.margin", ">= 0");
    }

    @Test
    void aBadPeriodOrAMissingFileIsRefused() throws IOException {
        Path ok = config("bootstrap.servers=127.0.0.1:1\nschema.registry.url=http://127.0.0.1:1\n");
        Result period = run("train", "--every", "soon", "--config", ok.toString());
        assertThat(period.status()).isEqualTo(2);
        assertThat(period.err()).contains("--every 'soon' is not a period");
        Result both = run("train", "--once", "--every", "1h", "--config", ok.toString());
        assertThat(both.status()).isEqualTo(2);
        Result missing =
                run("train", "--config", dir.resolve("absent.properties").toString());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("cannot read the configuration file");
    }

    @Test
    void aSigningKeyThatIsNotEd25519IsAConfigurationError() throws IOException {
        Result r = run(
                "train",
                "--config",
                config("bootstrap.servers=127.0.0.1:1\nschema.registry.url=http://127.0.0.1:1\n"
                                + "tempora.model.signing.key=bm90IGEga2V5\n")
                        .toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("tempora.model.signing.key", "Ed25519");
    }

    @Test
    void aRunThatCannotReachTheBrokerPrintsItsFailedRecordAndExitsWithOne() throws IOException {
        String broker;
        String registry;
        try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocket b = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            broker = "127.0.0.1:" + a.getLocalPort();
            registry = "http://127.0.0.1:" + b.getLocalPort();
        }
        Result r = run(
                "train",
                "--once",
                "--config",
                config("bootstrap.servers=" + broker + "\nschema.registry.url=" + registry + "\n"
                                + "tempora.train.read.timeout.ms=300\ntempora.train.retry.attempts=1\n")
                        .toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).startsWith("TRAIN {\"model\":\"default\"").contains("\"decision\":\"failed\"");
    }
}
