package io.activationworker.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The text log line LogSetup installs: the layout logback.xml's pattern used to give, without its parser. */
class TextLinesTest {

    private static String layout(Level level, String logger, String message, Throwable thrown, Object... args) {
        LoggerContext context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        TextLines lines = new TextLines();
        lines.setContext(context);
        lines.start();
        LoggingEvent event = new LoggingEvent(TextLinesTest.class.getName(), context.getLogger(logger), level, message,
                thrown, args);
        event.setInstant(Instant.parse("2026-12-02T14:15:27.441Z"));
        return lines.doLayout(event);
    }

    @Test
    void time_in_utc_level_padded_to_five_the_logger_simple_name_and_the_message() {
        assertThat(layout(Level.INFO, "io.activationworker.db.EmbeddedPostgresServer", "event=embedded_db_attached port={}",
                null, 43271)).isEqualTo("2026-12-02T14:15:27.441Z INFO  EmbeddedPostgresServer event=embedded_db_attached port=43271"
                + System.lineSeparator());
        assertThat(layout(Level.ERROR, "plain", "x", null)).isEqualTo("2026-12-02T14:15:27.441Z ERROR plain x" + System.lineSeparator());
    }

    @Test
    void an_exception_follows_with_its_stack_trace() {
        String text = layout(Level.WARN, "io.activationworker.outbox.OutboxWorker", "event=worker_cycle_failed", new IllegalStateException("boom"));
        assertThat(text).startsWith("2026-12-02T14:15:27.441Z WARN  OutboxWorker event=worker_cycle_failed" + System.lineSeparator()
                + "java.lang.IllegalStateException: boom");
        assertThat(text).contains("\tat io.activationworker.ops.TextLinesTest.");
    }
}
