package io.activationworker.ops;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.logstash.logback.composite.AbstractJsonProvider;

/**
 * {@code log.format=json}: every {@code key=value} of a log line ({@code event=message_retry
 * attempt=2 reason="451 4.3.0 try later"}) becomes a JSON field of its own beside
 * {@code message}, so a log shipper can filter on {@code event} without parsing text. Whole
 * numbers become JSON numbers; a key that would replace a standard field gets the prefix
 * {@code kv_}. A quoted value ends at a quote followed by a space or the end of the line.
 */
public final class KeyValueFields extends AbstractJsonProvider<ILoggingEvent> {

    private static final Pattern PAIR = Pattern.compile("(?:^|\\s)([a-z][a-z0-9_]*)=(?:\"(.*?)\"(?=\\s|$)|([^\\s\"]*))");
    private static final Pattern NUMBER = Pattern.compile("-?\\d{1,18}");
    private static final Set<String> STANDARD = Set.of("message", "level", "level_value", "logger_name", "thread_name",
            "stack_trace", "tags", "version");

    @Override
    public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
        String message = event.getFormattedMessage();
        if (message == null) {
            return;
        }
        Set<String> written = new HashSet<>();
        Matcher m = PAIR.matcher(message);
        while (m.find()) {
            String key = STANDARD.contains(m.group(1)) ? "kv_" + m.group(1) : m.group(1);
            if (!written.add(key)) {
                continue; // the first of a repeated key wins; the message keeps them all
            }
            String value = m.group(2) != null ? m.group(2) : m.group(3);
            if (m.group(2) == null && NUMBER.matcher(value).matches()) {
                generator.writeNumberField(key, Long.parseLong(value));
            } else {
                generator.writeStringField(key, value);
            }
        }
    }
}
