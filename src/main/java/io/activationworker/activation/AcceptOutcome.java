package io.activationworker.activation;

/** How an accept ended: done now, done before (a double click), or not possible. */
public sealed interface AcceptOutcome {

    ActivationLink link();

    record Activated(ActivationLink link, String adminEmail) implements AcceptOutcome { }

    record AlreadyUsed(ActivationLink link, String adminEmail) implements AcceptOutcome { }

    record Revoked(ActivationLink link) implements AcceptOutcome { }

    record Expired(ActivationLink link) implements AcceptOutcome { }
}
