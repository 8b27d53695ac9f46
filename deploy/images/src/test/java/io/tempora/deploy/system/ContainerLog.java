package io.tempora.deploy.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.testcontainers.containers.output.OutputFrame;

/**
 * A container's output: appended to {@code target/system-tests/NAME.log} for whoever reads a failure, and kept as
 * lines so that a test can wait for a line written after a given point (a restart), which Testcontainers' log wait
 * cannot: it counts from the container's first start.
 */
final class ContainerLog implements Consumer<OutputFrame> {

    private final Path file;
    private final StringBuilder partial = new StringBuilder();
    private final List<String> lines = new ArrayList<>();

    ContainerLog(Path file) {
        this.file = file;
    }

    @Override
    public synchronized void accept(OutputFrame frame) {
        String text = frame.getUtf8String();
        write(text);
        partial.append(text);
        int end;
        while ((end = partial.indexOf("\n")) >= 0) {
            lines.add(partial.substring(0, end));
            partial.delete(0, end + 1);
        }
    }

    /** Writes {@code note} into the file only, so that a reader sees where a kill or a restart happened. */
    synchronized void note(String note) {
        write("----- " + note + " -----\n");
    }

    /** How many complete lines there are so far: a mark for {@link #firstMatch}. */
    synchronized int size() {
        return lines.size();
    }

    /** The first line from index {@code from} on that matches {@code pattern}. */
    synchronized Optional<String> firstMatch(int from, Pattern pattern) {
        for (int i = from; i < lines.size(); i++) {
            if (pattern.matcher(lines.get(i)).find()) {
                return Optional.of(lines.get(i));
            }
        }
        return Optional.empty();
    }

    /** Every line from index {@code from} on that matches {@code pattern}. */
    synchronized List<String> matches(int from, Pattern pattern) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < lines.size(); i++) {
            if (pattern.matcher(lines.get(i)).find()) {
                out.add(lines.get(i));
            }
        }
        return out;
    }

    Path file() {
        return file;
    }

    private void write(String text) {
        try {
            Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
