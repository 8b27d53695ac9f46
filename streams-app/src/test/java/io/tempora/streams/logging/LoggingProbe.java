package io.tempora.streams.logging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Logs a fixed set of lines through SLF4J and exits: run by {@link LogFormatTest} in a child JVM whose
 * SLF4J binding is logback, so that the lines go through the configuration logback finds on its own.
 */
public final class LoggingProbe {

    static final String PLAIN = "the probe starts";
    static final String QUOTED = "a message with \"quotes\", a backslash \\ and\na second line";
    static final String FAILED = "the probe failed on purpose";
    static final String HIDDEN = "a debug line, below the default level";

    private LoggingProbe() {}

    public static void main(String[] args) {
        Logger log = LoggerFactory.getLogger(LoggingProbe.class);
        log.info(PLAIN);
        MDC.put("entity", "e-1");
        log.warn("{}", QUOTED);
        MDC.clear();
        log.debug(HIDDEN);
        log.error(FAILED, new IllegalStateException("the cause"));
    }
}
