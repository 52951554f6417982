package io.activationworker.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class NewSessionTest {

    @Test
    void printing_a_new_session_never_shows_its_token() {
        String token = "session-token-that-must-stay-secret";
        Sessions.NewSession session = new Sessions.NewSession(token, new byte[32], "anna@fabrikam.example",
                Instant.parse("2026-11-25T10:00:00Z"), Instant.parse("2026-11-25T10:30:00Z"));

        assertThat(session.toString()).doesNotContain(token).contains("anna@fabrikam.example");
        assertThat(new io.activationworker.activation.AcceptRequest("2026-01", "ab12", "127.0.0.1", "Firefox", session)
                .toString()).doesNotContain(token);
    }
}
