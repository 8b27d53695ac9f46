package io.tempora.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/**
 * A forward that cannot complete is a 502 saying why, over real sockets on 127.0.0.1: a port nobody listens
 * on, and a listener that accepts the connection and never answers.
 */
class EntityRouterTest {

    private static final HostInfo SELF = new HostInfo("127.0.0.1", 1);
    private static final Duration TIMEOUT = Duration.ofMillis(300);

    private final EntityRouter router = new EntityRouter(null, SELF, TIMEOUT);

    @Test
    void anOwnerThatRefusesTheConnectionIsA502() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        Answer a = router.forward(new HostInfo("127.0.0.1", port), "/entities/e-1");
        assertThat(a.status()).isEqualTo(502);
        assertThat(a.body()).contains("forwarding to the owner 127.0.0.1:" + port + " failed");
        assertThat(a.headers()).containsEntry(EntityRouter.SERVED_BY, "127.0.0.1:1");
    }

    @Test
    void anOwnerThatNeverAnswersIsA502AfterTheTimeout() throws IOException {
        // The listen backlog completes the connection; nothing ever reads the request or answers it.
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = silent.getLocalPort();
            Answer a = router.forward(new HostInfo("127.0.0.1", port), "/entities/e-1/prediction?at=0");
            assertThat(a.status()).isEqualTo(502);
            assertThat(a.body())
                    .contains("forwarding to the owner 127.0.0.1:" + port + " timed out after " + TIMEOUT.toMillis()
                            + " ms");
        }
    }
}
