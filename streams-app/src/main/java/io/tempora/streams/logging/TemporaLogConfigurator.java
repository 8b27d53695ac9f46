package io.tempora.streams.logging;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The logging of the app and the training service when no logback configuration file is given: one console
 * appender on standard error, plain text by default or one JSON object per line (logback's
 * {@link JsonEncoder}: timestamp, level, thread, logger, message, MDC, key-value pairs, throwable) with
 * {@code TEMPORA_LOG_FORMAT=json}, at the level {@code TEMPORA_LOG_LEVEL} ({@code INFO} by default). Each
 * is read from a system property of that name first ({@code -DTEMPORA_LOG_FORMAT=json}), then the
 * environment. A value that is neither is not fatal: the default applies and the first line logged says
 * which value was refused.
 *
 * <p>A configuration file of the user's ({@code -Dlogback.configurationFile}, or {@code logback.xml} or
 * {@code logback-test.xml} on the class path) takes precedence: this configurator then leaves the work to
 * logback's own. Logback finds this class through {@code META-INF/services/ch.qos.logback.classic.spi.Configurator}
 * and runs it before its own configurators.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_LOW_PRIORITY)
public final class TemporaLogConfigurator extends ContextAwareBase implements Configurator {

    /** System property or environment variable: {@code text} (the default) or {@code json}. */
    public static final String FORMAT_VARIABLE = "TEMPORA_LOG_FORMAT";
    /** System property or environment variable: the root level (TRACE, DEBUG, INFO, WARN, ERROR, OFF). */
    public static final String LEVEL_VARIABLE = "TEMPORA_LOG_LEVEL";

    /** The text layout: ISO-8601 time, thread, level, logger and message, as one line. */
    static final String TEXT_PATTERN = "%d{ISO8601} [%thread] %-5level %logger - %msg%n";

    private static final String APPENDER_NAME = "console";
    private static final Level DEFAULT_LEVEL = Level.INFO;

    /** The two formats. */
    public enum Format {
        TEXT,
        JSON
    }

    private final UnaryOperator<String> variables;

    /** Reads the variables from the system properties, then the environment (what logback instantiates). */
    public TemporaLogConfigurator() {
        this(name -> {
            String property = System.getProperty(name);
            return property != null ? property : System.getenv(name);
        });
    }

    /** Reads the variables through {@code variables} (null: not set). */
    TemporaLogConfigurator(UnaryOperator<String> variables) {
        this.variables = variables;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (userConfigurationPresent()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Configures {@code context}'s root logger with the console appender in the configured format and level. */
    void apply(LoggerContext context) {
        List<String> refused = new ArrayList<>();
        Format format = Format.TEXT;
        String formatValue = variables.apply(FORMAT_VARIABLE);
        if (formatValue != null && !formatValue.isBlank()) {
            try {
                format = Format.valueOf(formatValue.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                refused.add(FORMAT_VARIABLE + "='" + formatValue + "' is neither text nor json; logging as text");
            }
        }
        Level level = DEFAULT_LEVEL;
        String levelValue = variables.apply(LEVEL_VARIABLE);
        if (levelValue != null && !levelValue.isBlank()) {
            Level parsed = Level.toLevel(levelValue.trim(), null);
            if (parsed == null) {
                refused.add(LEVEL_VARIABLE + "='" + levelValue + "' is not a level (TRACE, DEBUG, INFO, WARN, ERROR, "
                        + "OFF); logging at " + DEFAULT_LEVEL);
            } else {
                level = parsed;
            }
        }
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName(APPENDER_NAME);
        appender.setTarget("System.err");
        appender.setEncoder(encoder(context, format));
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.setLevel(level);
        root.addAppender(appender);
        Logger self = context.getLogger(TemporaLogConfigurator.class);
        refused.forEach(self::warn);
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, Format format) {
        if (format == Format.JSON) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(context);
            // The formatted message is what an operator reads; the context's own attributes repeat on every line.
            json.setWithFormattedMessage(true);
            json.setWithArguments(false);
            json.setWithContext(false);
            json.start();
            return json;
        }
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(TEXT_PATTERN);
        text.start();
        return text;
    }

    /** Whether the user gave logback a configuration file, which then wins over this configurator. */
    private static boolean userConfigurationPresent() {
        if (System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY) != null) {
            return true;
        }
        ClassLoader loader = TemporaLogConfigurator.class.getClassLoader();
        return loader.getResource(ClassicConstants.AUTOCONFIG_FILE) != null
                || loader.getResource(ClassicConstants.TEST_AUTOCONFIG_FILE) != null;
    }
}
