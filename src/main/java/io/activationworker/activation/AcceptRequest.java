package io.activationworker.activation;

import io.activationworker.signin.Sessions;

/**
 * What the accepting browser told us, for the acceptance record, and the session to start for it
 * (stored in the accept's own transaction when the accept activates).
 */
public record AcceptRequest(String termsVersion, String termsSha256, String clientAddress, String userAgent,
                            Sessions.NewSession session) {
}
