package io.activationworker.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * The product's logging, set up in code: logback finds this class as a {@link Configurator}
 * service before it looks for an XML file. Parsing {@code logback.xml} with Joran (a SAX parser,
 * its model processors, the substitution language) was the largest part of a short command's
 * start-up: {@code status} spent about a quarter of its time there (issue 17, bench/NOTES.md §28).
 *
 * <p>Text lines are written by {@link TextLines}, not a {@code PatternLayout}: parsing a pattern loads
 * its parser and some sixty converter classes for one fixed format.
 *
 * <p>Logs go to stderr so that command output on stdout ({@code status --json}) stays
 * machine-readable. The root level is {@code LOG_LEVEL} (system property or environment variable,
 * default INFO). An operator's own {@code -Dlogback.configurationFile=...}, and the tests'
 * {@code logback-test.xml}, still take over: then this class steps aside.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {

    /** Libraries that are chatty at INFO. Jetty at DEBUG prints request lines and bodies: tokens and form secrets never reach the log. */
    private static final Map<String, Level> QUIET = Map.of(
            "io.zonky", Level.WARN,
            "org.flywaydb", Level.WARN,
            "com.zaxxer.hikari", Level.WARN,
            "com.icegreen", Level.WARN,
            "org.eclipse.jetty", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        install(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Replaces the whole configuration: one stderr appender writing what {@code encoder} makes of each event. */
    static void install(LoggerContext context, Encoder<ILoggingEvent> encoder) {
        context.reset();
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        QUIET.forEach((name, level) -> context.getLogger(name).setLevel(level));
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(rootLevel());
        root.addAppender(stderr);
    }

    private static void install(LoggerContext context) {
        TextLines layout = new TextLines();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setLayout(layout);
        install(context, encoder);
    }

    private static Level rootLevel() {
        String value = System.getProperty("LOG_LEVEL");
        if (value == null || value.isBlank()) {
            value = System.getenv("LOG_LEVEL");
        }
        return Level.toLevel(value == null ? null : value.strip(), Level.INFO);
    }
}
