package io.activationworker.activation;

import io.activationworker.signin.Sessions;

/** How an accept ended: done now, done before (a double click), or not possible. */
public sealed interface AcceptOutcome {

    ActivationLink link();

    /** {@code session} was stored in the same commit; its cookie signs the administrator in. */
    record Activated(ActivationLink link, String adminEmail, Sessions.NewSession session) implements AcceptOutcome { }

    /** {@code sameClient}: the browser asking now is the one that used the link (its pre-session cookie). */
    record AlreadyUsed(ActivationLink link, String adminEmail, boolean sameClient) implements AcceptOutcome { }

    record Revoked(ActivationLink link) implements AcceptOutcome { }

    record Expired(ActivationLink link) implements AcceptOutcome { }
}
