package io.activationworker.outbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code event=message_retry} lines of a worker's log, as an operator reads them. */
record RetryLog(Instant at, String messageId, int attempt, long retryInMs, String reason) {

    private static final Pattern LINE = Pattern.compile(
            "^(\\S+) WARN .*event=message_retry message_id=(\\S+) .*attempt=(\\d+) retry_in_ms=(\\d+) reason=\"(.*)\"$",
            Pattern.MULTILINE);

    static List<RetryLog> parse(String log) {
        List<RetryLog> retries = new ArrayList<>();
        Matcher m = LINE.matcher(log);
        while (m.find()) {
            retries.add(new RetryLog(Instant.parse(m.group(1)), m.group(2), Integer.parseInt(m.group(3)),
                    Long.parseLong(m.group(4)), m.group(5)));
        }
        return retries;
    }
}
