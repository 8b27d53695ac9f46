package io.tempora.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.tempora.trainer.service.RunRecord.Decision;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    @Test
    void anUnreachableBrokerEndsTheRunAsARecordedFailureAfterTheRetries() throws IOException {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", "127.0.0.1:" + freePort());
        p.put("schema.registry.url", "http://127.0.0.1:" + freePort() + "/apis/ccompat/v7");
        p.put(TrainerConfig.READ_TIMEOUT_MS_CONFIG, "1500");
        p.put(TrainerConfig.RETRY_ATTEMPTS_CONFIG, "2");
        p.put(TrainerConfig.RETRY_BACKOFF_MS_CONFIG, "50");
        p.put(TrainerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "50");
        List<RunRecord> sink = new ArrayList<>();

        RunRecord r = new TrainService(new TrainerConfig(p), sink::add, Clock.systemUTC()).runOnce();

        assertThat(sink).containsExactly(r);
        assertThat(r.decision()).isEqualTo(Decision.FAILED);
        assertThat(r.reason()).contains("unreachable").contains("models topic");
        assertThat(r.publishedVersion()).isEmpty();
        assertThat(r.toJson()).contains("\"decision\":\"failed\"");
    }
}
