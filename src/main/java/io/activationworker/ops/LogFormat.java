package io.activationworker.ops;

import ch.qos.logback.classic.LoggerContext;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/** Switches logging to one JSON object per line when {@code log.format=json}. */
public final class LogFormat {

    private LogFormat() {
    }

    public static void apply(String format) {
        if (!"json".equals(format) || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        // Each key=value of the message as a field of its own (event, message_id, reason, ...); an
        // exception's stack trace is the standard stack_trace field, on the same line.
        LogstashEncoder json = new LogstashEncoder();
        json.setContext(context);
        json.addProvider(new KeyValueFields());
        LogSetup.install(context, json);
    }
}
