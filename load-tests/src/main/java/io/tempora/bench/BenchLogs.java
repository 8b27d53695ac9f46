package io.tempora.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sends the logs of a benchmark that runs a broker and apps in its JVM to a file, so that the console keeps the
 * benchmark's own lines. Called from the benchmark class's static initialiser: slf4j-simple reads its settings once,
 * when the first logger is made.
 */
final class BenchLogs {

    private BenchLogs() {}

    /** Creates {@code workDir} and logs warnings and above to {@code workDir/fileName}, with times. */
    static void toFile(Path workDir, String fileName) {
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + workDir.toAbsolutePath(), e);
        }
        System.setProperty(
                "org.slf4j.simpleLogger.logFile", workDir.resolve(fileName).toString());
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    }
}
