package io.activationworker.activation;

/** What the accepting browser told us, for the acceptance record. */
public record AcceptRequest(String termsVersion, String termsSha256, String remoteAddress, String userAgent) {
}
