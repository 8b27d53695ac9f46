package io.tempora.schemas.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A frozen registry: a server on 127.0.0.1 that accepts every connection and never answers, as a registry whose
 * JVM is stopped in a long pause or deadlocked does. It counts the connections, so tests count how often a client
 * contacted it; {@link #close()} closes them all.
 */
public final class SilentServer implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /** Starts listening on an ephemeral loopback port. */
    public SilentServer() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("no loopback port for the silent server", e);
        }
        acceptor = new Thread(this::acceptForever, "silent-server-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Root URL, e.g. {@code http://127.0.0.1:40123}. */
    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return accepted.size();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : accepted) {
            s.close();
        }
    }

    private void acceptForever() {
        while (!server.isClosed()) {
            try {
                // Held open and never read from or written to: the client waits for its read timeout.
                accepted.add(server.accept());
            } catch (IOException closed) {
                return;
            }
        }
    }
}
