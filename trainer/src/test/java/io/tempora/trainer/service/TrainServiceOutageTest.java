package io.tempora.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.trainer.service.RunRecord.Decision;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * With nothing listening at the configured broker and registry (ports on 127.0.0.1 that were just free), a run
 * retries its first read the configured number of times and ends as a recorded failure instead of throwing, so a
 * scheduled service survives to its next tick.
 */
class TrainServiceOutageTest {

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Map<String, Object> unreachable() throws IOException {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", "127.0.0.1:" + freePort());
        p.put("schema.registry.url", "http://127.0.0.1:" + freePort() + "/apis/ccompat/v7");
        p.put(TrainerConfig.READ_TIMEOUT_MS_CONFIG, "1500");
        p.put(TrainerConfig.RETRY_ATTEMPTS_CONFIG, "2");
        p.put(TrainerConfig.RETRY_BACKOFF_MS_CONFIG, "50");
        p.put(TrainerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "50");
        return p;
    }

    @Test
    void anUnreachableBrokerEndsTheRunAsARecordedFailureAfterTheRetries() throws IOException {
        List<RunRecord> sink = new ArrayList<>();

        RunRecord r = new TrainService(new TrainerConfig(unreachable()), sink::add, Clock.systemUTC()).runOnce();

        assertThat(sink).containsExactly(r);
        assertThat(r.decision()).isEqualTo(Decision.FAILED);
        assertThat(r.reason()).contains("unreachable").contains("models topic");
        assertThat(r.publishedVersion()).isEmpty();
        assertThat(r.toJson()).contains("\"decision\":\"failed\"");
    }

    @Test
    void aScheduledServiceGoesOnAfterFailedRunsUntilClosed() throws Exception {
        Map<String, Object> p = unreachable();
        p.put(TrainerConfig.RETRY_ATTEMPTS_CONFIG, "1");
        p.put(TrainerConfig.READ_TIMEOUT_MS_CONFIG, "200");
        List<RunRecord> sink = new CopyOnWriteArrayList<>();
        TrainService service = new TrainService(new TrainerConfig(p), sink::add, Clock.systemUTC());
        Thread loop = new Thread(() -> service.runEvery(Duration.ofMillis(100)), "test-train-loop");
        loop.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (sink.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        service.close();
        loop.join(Duration.ofSeconds(60).toMillis());
        assertThat(loop.isAlive()).as("the loop stops after close").isFalse();
        assertThat(sink).hasSizeGreaterThanOrEqualTo(2).allSatisfy(r -> assertThat(r.decision())
                .isEqualTo(Decision.FAILED));
    }
}
