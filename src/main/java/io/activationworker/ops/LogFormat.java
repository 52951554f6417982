package io.activationworker.ops;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** Switches logging to one JSON object per line when {@code log.format=json}. */
public final class LogFormat {

    private LogFormat() {
    }

    public static void apply(String format) {
        if (!"json".equals(format) || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        LogSetup.install(context, true);
    }
}
