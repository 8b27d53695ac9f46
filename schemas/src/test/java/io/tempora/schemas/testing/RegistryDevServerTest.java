package io.tempora.schemas.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test helper's own contract: loud failure without the jar, loopback only, and stop by process id. */
class RegistryDevServerTest {

    @TempDir
    Path logs;

    @Test
    void missingJarFailsWithInstructionsInsteadOfSkipping() {
        Path missing = Path.of("target", "no-such-registry-runner.jar");

        assertThatThrownBy(() -> RegistryDevServer.start(missing, logs, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not built")
                .hasMessageContaining(missing.toAbsolutePath().toString())
                .hasMessageContaining("./mvnw -B -pl deploy/registry-dev package");
    }

    @Test
    void startsOnLoopbackAndCloseStopsTheProcessById() throws Exception {
        // A server of its own, not the shared one: closing it must not disturb the other test classes.
        Path jar = Path.of(System.getProperty(
                RegistryDevExtension.JAR_PROPERTY,
                "../deploy/registry-dev/target/registry-dev-0.1.0-SNAPSHOT-runner.jar"));
        RegistryDevServer server = RegistryDevServer.start(jar, logs, Duration.ofSeconds(120));
        long pid = server.pid();
        int port = server.baseUrl().getPort();
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);

        assertThat(server.baseUrl().getHost()).isEqualTo("127.0.0.1");
        assertThat(handle).isPresent();
        assertThat(handle.get().isAlive()).isTrue();
        assertThat(accepts(port)).isTrue();

        server.close();

        assertThat(handle.get().isAlive()).isFalse();
        assertThat(accepts(port)).isFalse();
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
