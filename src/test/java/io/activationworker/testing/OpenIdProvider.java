package io.activationworker.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

/**
 * A real OpenID provider on loopback (NAV's mock-oauth2-server: discovery, JWKS, authorize and
 * token endpoints, RS256-signed ID tokens), started by the test. {@link #nextLogin} decides the
 * claims of the next token it issues; {@code interactive} providers show their own login page.
 */
public final class OpenIdProvider implements AutoCloseable {

    public static final String ISSUER_ID = "fabrikam";
    public static final String CLIENT_ID = "activation-worker";

    private final MockOAuth2Server server;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    public OpenIdProvider(boolean interactive) {
        server = new MockOAuth2Server(new OAuth2Config(interactive));
        try {
            // Port 0: the server binds a port of its own and its issuer URL names it.
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public String issuer() {
        String url = server.issuerUrl(ISSUER_ID).toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The app's settings for this provider. */
    public Map<String, String> settings(String displayName) {
        return Map.of("oidc.issuer", issuer(), "oidc.client-id", CLIENT_ID, "oidc.client-secret", "test-client-secret",
                "oidc.display-name", displayName);
    }

    /** The next token issued carries these claims, this audience (null: the client id) and lifetime. */
    public void nextLogin(String subject, Map<String, Object> claims, List<String> audience, long expirySeconds) {
        server.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", audience, claims, expirySeconds));
    }

    public void nextLogin(String email) {
        nextLogin("subject-" + email, Map.of("email", email, "email_verified", true), null, 3600);
    }

    /**
     * Follows a non-interactive provider's authorization URL: it answers with the redirect to the
     * app's callback, carrying code and state.
     */
    public String authorize(String authorizationUrl) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(authorizationUrl)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 302) {
                throw new AssertionError("provider answered " + response.statusCode() + ": " + response.body());
            }
            return response.headers().firstValue("Location").orElseThrow();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
