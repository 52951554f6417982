package io.activationworker.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;
import net.logstash.logback.encoder.LogstashEncoder;

/**
 * The product's logging, set up in code: logback finds this class as a {@link Configurator}
 * service before it looks for an XML file. Parsing {@code logback.xml} with Joran (a SAX parser,
 * its model processors, the substitution language) was the largest part of a short command's
 * start-up: {@code status} spent about a quarter of its time there (issue 17, bench/NOTES.md §28).
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

    static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level %logger{0} %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        install(context, false);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Replaces the whole configuration: one stderr appender, plain text or one JSON object per line. */
    static void install(LoggerContext context, boolean json) {
        context.reset();
        Encoder<ILoggingEvent> encoder = json ? jsonEncoder(context) : textEncoder(context);
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

    private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(TEXT_PATTERN);
        encoder.start();
        return encoder;
    }

    /** Each key=value of the message as a field of its own; a stack trace is the standard stack_trace field, on the same line. */
    private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.addProvider(new KeyValueFields());
        encoder.start();
        return encoder;
    }

    private static Level rootLevel() {
        String value = System.getProperty("LOG_LEVEL");
        if (value == null || value.isBlank()) {
            value = System.getenv("LOG_LEVEL");
        }
        return Level.toLevel(value == null ? null : value.strip(), Level.INFO);
    }
}
