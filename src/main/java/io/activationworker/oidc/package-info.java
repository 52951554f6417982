/**
 * Sign-in with the organisation's work or school account (OpenID Connect, Authorization Code
 * with PKCE): the provider's protocol through Nimbus ({@link io.activationworker.oidc.OidcProvider}),
 * the pending logins and the accounts of sessions in PostgreSQL, and the two pages.
 */
package io.activationworker.oidc;
