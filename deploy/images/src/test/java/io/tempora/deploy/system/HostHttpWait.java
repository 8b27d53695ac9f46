package io.tempora.deploy.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * Waits until {@code GET http://127.0.0.1:PORT/PATH} answers 200: Testcontainers' own HTTP wait asks for a mapped
 * port, which a container on the host network does not have.
 */
final class HostHttpWait extends AbstractWaitStrategy {

    private static final Duration POLL = Duration.ofMillis(500);

    private final URI uri;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(POLL).build();

    HostHttpWait(int port, String path) {
        this.uri = URI.create("http://127.0.0.1:" + port + path);
    }

    @Override
    protected void waitUntilReady() {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!waitStrategyTarget.isRunning()) {
                throw new ContainerLaunchException("the container stopped while waiting for " + uri);
            }
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(uri).timeout(POLL).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerLaunchException("interrupted waiting for " + uri, e);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerLaunchException("interrupted waiting for " + uri, e);
            }
        }
        throw new ContainerLaunchException(uri + " did not answer 200 within " + startupTimeout + "; last: " + last);
    }
}
