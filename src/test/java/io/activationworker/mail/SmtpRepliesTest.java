package io.activationworker.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.mail.SmtpFailure.Throttling;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmtpRepliesTest {

    @ParameterizedTest(name = "{0} (connecting: {1}) -> {2}")
    @CsvSource(delimiter = '|', value = {
            "432 4.3.2 Concurrent connections limit exceeded                  | true  | CONNECTIONS",
            "421 4.7.0 mail.example Error: too many connections from 10.0.0.1 | true  | CONNECTIONS",
            "421 4.7.0 mail.example Error: too many errors                    | false | RATE",
            "454 Throttling failure: Maximum sending rate exceeded.           | false | RATE",
            "450 4.7.1 Error: too much mail from 10.0.0.1                     | false | RATE",
            "451 4.7.500 Server busy. Please try again later                  | false | RATE",
            "450 4.2.1 <a@b.example>: Mailbox busy, try again later           | false | NONE",
            "451 4.3.0 Error: queue file write error                          | false | NONE",
            "452 4.3.1 Insufficient system storage                            | false | NONE",
            "550 5.7.1 Rejected by policy                                     | false | NONE"})
    void a_relay_reply_is_a_throttle_only_when_it_says_too_many_or_too_much(String reply, boolean connecting,
                                                                            Throttling expected) {
        int code = Integer.parseInt(reply.substring(0, 3));
        assertThat(SmtpReplies.throttling(code, reply, connecting)).isEqualTo(expected);
    }
}
