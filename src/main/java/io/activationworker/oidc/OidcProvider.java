package io.activationworker.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.activationworker.config.OidcSettings;
import java.io.IOException;
import java.net.URI;

/**
 * The OpenID provider as Nimbus speaks to it: the authorization URL (code flow, PKCE S256, state,
 * nonce), the code exchanged for tokens, and the ID token validated (signature against the
 * issuer's published keys, issuer, audience, expiry, nonce). The provider's metadata is read on
 * first use and kept; a provider that cannot be reached is tried again on the next sign-in.
 */
final class OidcProvider {

    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 10_000;

    private final OidcSettings settings;
    private final URI callback;
    private volatile Resolved resolved;

    private record Resolved(OIDCProviderMetadata metadata, IDTokenValidator validator) {
    }

    OidcProvider(OidcSettings settings, String publicBaseUrl) {
        this.settings = settings;
        this.callback = URI.create(publicBaseUrl + "/signin/oidc/callback");
    }

    URI callback() {
        return callback;
    }

    /** Where to send the browser to sign in. */
    URI authorizationUri(String state, String nonce, String verifier) {
        OIDCProviderMetadata metadata = resolved().metadata();
        return new AuthenticationRequest.Builder(new ResponseType(ResponseType.Value.CODE),
                new Scope("openid", "email", "profile"), new ClientID(settings.clientId()), callback)
                .endpointURI(metadata.getAuthorizationEndpointURI())
                .state(new State(state))
                .nonce(new Nonce(nonce))
                .codeChallenge(new CodeVerifier(verifier), CodeChallengeMethod.S256)
                .build()
                .toURI();
    }

    /** Exchanges the code and returns the ID token's validated claims; refuses anything less. */
    IDTokenClaimsSet redeem(String code, String verifier, String nonce) {
        Resolved r = resolved();
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), callback,
                new CodeVerifier(verifier));
        ClientID clientId = new ClientID(settings.clientId());
        TokenRequest request = settings.clientSecret().isEmpty()
                ? new TokenRequest(r.metadata().getTokenEndpointURI(), clientId, grant)
                : new TokenRequest(r.metadata().getTokenEndpointURI(),
                        new ClientSecretBasic(clientId, new Secret(settings.clientSecret())), grant);
        TokenResponse response;
        try {
            HTTPRequest http = request.toHTTPRequest();
            http.setConnectTimeout(CONNECT_TIMEOUT_MS);
            http.setReadTimeout(READ_TIMEOUT_MS);
            response = OIDCTokenResponseParser.parse(http.send());
        } catch (IOException e) {
            throw new OidcRefusal("unavailable", 503, "token endpoint unreachable: " + e.getMessage());
        } catch (ParseException e) {
            throw new OidcRefusal("provider", 400, "token response unreadable: " + e.getMessage());
        }
        if (!response.indicatesSuccess()) {
            throw new OidcRefusal("provider", 400, "token request refused: "
                    + response.toErrorResponse().getErrorObject().getCode());
        }
        try {
            return r.validator().validate(((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens().getIDToken(),
                    new Nonce(nonce));
        } catch (BadJOSEException | JOSEException e) {
            throw new OidcRefusal("token", 403, "ID token rejected: " + e.getMessage());
        }
    }

    private Resolved resolved() {
        Resolved r = resolved;
        if (r == null) {
            synchronized (this) {
                r = resolved;
                if (r == null) {
                    r = resolve();
                    resolved = r;
                }
            }
        }
        return r;
    }

    private Resolved resolve() {
        try {
            OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(new Issuer(settings.issuer()),
                    CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS);
            IDTokenValidator validator = new IDTokenValidator(metadata.getIssuer(), new ClientID(settings.clientId()),
                    JWSAlgorithm.RS256, metadata.getJWKSetURI().toURL());
            return new Resolved(metadata, validator);
        } catch (IOException | GeneralException e) {
            throw new OidcRefusal("unavailable", 503, "provider metadata of " + settings.issuer() + " unreadable: "
                    + e.getMessage());
        }
    }
}
