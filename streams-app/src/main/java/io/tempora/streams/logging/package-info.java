/**
 * Logging setup: logback configured for the console in plain text or JSON lines, chosen by
 * {@code TEMPORA_LOG_FORMAT} ({@link io.tempora.streams.logging.TemporaLogConfigurator}).
 */
package io.tempora.streams.logging;
