package io.activationworker.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * What one class's logger writes while the product runs in this JVM ({@link TestApp}): an event a
 * test waits for instead of a pause. Only events at the logger's level reach it (WARN and above
 * under {@code logback-test.xml}). A product process's log is {@link AppProcess#log()} instead.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
        appender.start();
        logger.addAppender(appender);
    }

    /**
     * Starts capturing what the named logger writes (the product's loggers are named after their
     * classes: {@code io.activationworker.feed.FeedWatcher}); a name, so that a test needs no access
     * to a class its package keeps to itself.
     */
    public static LogCapture of(String loggerName) {
        return new LogCapture((Logger) LoggerFactory.getLogger(loggerName));
    }

    /** The messages written so far. */
    public List<String> messages() {
        synchronized (appender) { // the lock the appender's doAppend holds while it adds
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /** Waits until one message contains every one of the texts. */
    public void await(Duration timeout, String... texts) {
        Poll.until(timeout, "a log message with " + String.join(" and ", texts),
                () -> messages().stream().anyMatch(m -> List.of(texts).stream().allMatch(m::contains)));
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
