package io.activationworker.agreement;

/** Which partner stored an agreement and the fingerprint of its feed content: enough to see it is unchanged. */
public record AgreementVersion(String number, String partnerId, String fingerprint) {
}
