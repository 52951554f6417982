package io.activationworker.config;

/**
 * Sign-in with the organisation's account (OpenID Connect), present when {@code oidc.issuer} is
 * set. {@code clientSecret} may be empty for a public client (PKCE alone).
 */
public record OidcSettings(String issuer, String clientId, String clientSecret, String displayName,
                           String emailClaim) {

    /** Without the secret: the effective configuration is logged. */
    @Override
    public String toString() {
        return "OidcSettings[issuer=" + issuer + ", clientId=" + clientId + ", clientSecret="
                + (clientSecret.isEmpty() ? "" : "****") + ", displayName=" + displayName + ", emailClaim=" + emailClaim
                + "]";
    }
}
