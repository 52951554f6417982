package io.activationworker.oidc;

/**
 * Why a sign-in at the provider was not accepted; {@code reason} names the page's text
 * ({@code oidc.refused.<reason>}). Never carries a token.
 */
final class OidcRefusal extends RuntimeException {

    private final String reason;
    private final int status;

    public OidcRefusal(String reason, int status, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
        this.status = status;
    }

    public String reason() {
        return reason;
    }

    public int status() {
        return status;
    }
}
