package io.tempora.streams.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app's log formats, through logback as the app runs it: {@link LoggingProbe} in a child JVM whose only
 * SLF4J binding is logback (found with {@link TemporaLogConfigurator} as a service, as in the runnable app) writes
 * one JSON object per line with {@code TEMPORA_LOG_FORMAT=json} and plain text without it; a value that is
 * neither is refused on the first line and text is used.
 */
class LogFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long CHILD_WAIT_SECONDS = 60;

    @TempDir
    Path dir;

    /** The probe's standard error, run with {@code TEMPORA_LOG_FORMAT=format} (none when null). */
    private List<String> probe(String format) throws IOException, InterruptedException {
        // The tests' class path less their simple binding: logback is then the only one, as in the runnable app.
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("slf4j-simple"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                LoggingProbe.class.getName());
        Path err = dir.resolve("probe-" + format + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile());
        builder.environment().remove(TemporaLogConfigurator.FORMAT_VARIABLE);
        builder.environment().remove(TemporaLogConfigurator.LEVEL_VARIABLE);
        if (format != null) {
            builder.environment().put(TemporaLogConfigurator.FORMAT_VARIABLE, format);
        }
        Process process = builder.start();
        assertThat(process.waitFor(CHILD_WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        return Files.readAllLines(err, StandardCharsets.UTF_8);
    }

    @Test
    void jsonFormatWritesOneJsonObjectPerLine() throws Exception {
        List<String> lines = probe("json");
        List<JsonNode> events = new ArrayList<>();
        for (String line : lines) {
            events.add(JSON.readTree(line));
        }
        assertThat(events).hasSize(3);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.isObject()).isTrue();
            assertThat(e.path("loggerName").asText()).isEqualTo(LoggingProbe.class.getName());
            assertThat(e.path("timestamp").asLong()).isPositive();
        });
        assertThat(events.get(0).path("level").asText()).isEqualTo("INFO");
        assertThat(events.get(0).path("formattedMessage").asText()).isEqualTo(LoggingProbe.PLAIN);
        assertThat(events.get(1).path("level").asText()).isEqualTo("WARN");
        assertThat(events.get(1).path("formattedMessage").asText())
                .as("quotes, backslashes and newlines survive as JSON escapes")
                .isEqualTo(LoggingProbe.QUOTED);
        assertThat(events.get(1).path("mdc").path("entity").asText()).isEqualTo("e-1");
        assertThat(events.get(2).path("level").asText()).isEqualTo("ERROR");
        assertThat(events.get(2).path("formattedMessage").asText()).isEqualTo(LoggingProbe.FAILED);
        assertThat(events.get(2).path("throwable").path("message").asText()).isEqualTo("the cause");
        assertThat(String.join("\n", lines)).doesNotContain(LoggingProbe.HIDDEN);
    }

    @Test
    void textIsTheDefault() throws Exception {
        List<String> lines = probe(null);
        assertThat(lines.get(0))
                .matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3} \\[main] INFO  "
                        + LoggingProbe.class.getName().replace(".", "\\.") + " - " + LoggingProbe.PLAIN);
        assertThat(String.join("\n", lines))
                .contains(LoggingProbe.FAILED)
                .contains("java.lang.IllegalStateException: the cause")
                .doesNotContain(LoggingProbe.HIDDEN);
        assertThat(lines.get(0).strip()).doesNotStartWith("{");
    }

    @Test
    void anUnknownFormatOrLevelIsRefusedOnTheFirstLinesAndTheDefaultsApply() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            new TemporaLogConfigurator(Map.of(
                            TemporaLogConfigurator.FORMAT_VARIABLE, "xml",
                            TemporaLogConfigurator.LEVEL_VARIABLE, "loud")::get)
                    .apply(context);
            context.getLogger("probe").debug("hidden");
            context.getLogger("probe").info("shown");
        } finally {
            System.setErr(stderr);
            context.stop();
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("WARN").contains("TEMPORA_LOG_FORMAT='xml' is neither text nor json");
        assertThat(lines.get(1)).contains("WARN").contains("TEMPORA_LOG_LEVEL='loud' is not a level");
        assertThat(lines.get(2)).endsWith(" INFO  probe - shown");
    }
}
