package io.activationworker.mail;

import io.activationworker.mail.SmtpFailure.Throttling;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells a relay's "slow down" from its other temporary refusals, by reply code and enhanced status
 * code (RFC 3463 class 4.7 is "security or policy", where rate limits live):
 * <ul>
 *   <li>{@code 421} while connecting (Postfix {@code 421 4.7.0 too many connections}) and
 *       {@code 432} (Exchange Online {@code 432 4.3.2 Concurrent connections limit exceeded}):
 *       too many connections;</li>
 *   <li>{@code 454} (Amazon SES {@code 454 Throttling failure: Maximum sending rate exceeded}),
 *       {@code 450 4.7.x} (Postfix {@code 450 4.7.1 Error: too much mail from …}),
 *       {@code 451 4.7.x} and a {@code 421} once connected: too many messages.</li>
 * </ul>
 * Any other 4xx ({@code 450 4.2.1 mailbox busy}, {@code 451 4.3.0 local error}) is an ordinary
 * temporary failure: that message is retried later, the pace stays.
 */
final class SmtpReplies {

    private static final Pattern ENHANCED = Pattern.compile("^\\d{3}[ -](\\d)\\.(\\d{1,3})\\.\\d{1,3}\\b");

    private SmtpReplies() {
    }

    static Throttling throttling(int code, String reply, boolean connecting) {
        return switch (code) {
            case 432 -> Throttling.CONNECTIONS;
            case 421 -> connecting ? Throttling.CONNECTIONS : Throttling.RATE;
            case 454 -> Throttling.RATE;
            case 450, 451 -> policyClass(reply) ? Throttling.RATE : Throttling.NONE;
            default -> Throttling.NONE;
        };
    }

    /** Whether the reply's enhanced status code is 4.7.x. */
    private static boolean policyClass(String reply) {
        Matcher m = ENHANCED.matcher(reply == null ? "" : reply.strip());
        return m.find() && m.group(1).equals("4") && m.group(2).equals("7");
    }
}
