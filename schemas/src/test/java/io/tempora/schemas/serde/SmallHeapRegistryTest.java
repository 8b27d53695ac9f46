package io.tempora.schemas.serde;

import static io.tempora.schemas.serde.RegistryTestSupport.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.schemas.testing.RegistryDevExtension;
import io.tempora.schemas.testing.RegistryDevServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The 8.4 MB payload of 2.8 million empty tensors, decoded in a JVM with the 256 MiB heap it exhausted,
 * is refused as {@code CORRUPT_PAYLOAD} ({@link HostileModelParametersProbe} in a child process).
 */
@ExtendWith(RegistryDevExtension.class)
class SmallHeapRegistryTest {

    private static final String HEAP = "-Xmx256m";
    /** Generous: the probe takes a few seconds; this only keeps a broken probe from hanging the build. */
    private static final long PROBE_LIMIT_SECONDS = 120;

    private final RegistryDevServer server;

    SmallHeapRegistryTest(RegistryDevServer server) {
        this.server = server;
    }

    @Test
    void millionsOfEmptyTensorsAreRefusedAtA256MiBHeap() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process probe = new ProcessBuilder(
                        java,
                        HEAP,
                        "-cp",
                        System.getProperty("java.class.path"),
                        HostileModelParametersProbe.class.getName(),
                        server.confluentApiUrl(),
                        uniqueTopic("small-heap"))
                .redirectErrorStream(true)
                .start();
        probe.getOutputStream().close();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(probe.waitFor(PROBE_LIMIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        List<String> lines = output.lines().toList();
        assertThat(probe.exitValue()).as(output).isZero();
        assertThat(lines).as(output).last().isEqualTo("REFUSED CORRUPT_PAYLOAD");
    }
}
