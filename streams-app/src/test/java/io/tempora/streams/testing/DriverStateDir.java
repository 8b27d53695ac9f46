package io.tempora.streams.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fresh state directory for a {@code TopologyTestDriver}, under the module's {@code target/}.
 *
 * <p>Without one the driver keeps persistent stores under {@code java.io.tmpdir/kafka-streams/<application id>},
 * shared by every build on the machine: two builds of the same tests at once (worktrees, CI beside a developer) then
 * open each other's RocksDB directories and fail on their locks.
 */
public final class DriverStateDir {
    private static final Path PARENT = Path.of("target", "driver-state");

    private DriverStateDir() {}

    /** A new, empty directory for one driver's stores. */
    public static String fresh() {
        try {
            Files.createDirectories(PARENT);
            return Files.createTempDirectory(PARENT, "driver-").toAbsolutePath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a state directory under " + PARENT.toAbsolutePath(), e);
        }
    }
}
