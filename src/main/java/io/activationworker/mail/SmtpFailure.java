package io.activationworker.mail;

/**
 * A message that did not go out. {@code permanent} (SMTP 5xx) means retrying cannot help;
 * otherwise (4xx, refused or dropped connections) it is worth another try later.
 * {@code connectionLost} says the next message needs a new connection. {@link #throttling()}
 * says the relay asked us to slow down rather than reporting a fault.
 */
public final class SmtpFailure extends Exception {

    /** What a throttling reply limits. */
    public enum Throttling {
        /** Not a throttling reply. */
        NONE,
        /** Too many connections ({@code 421 4.7.0 too many connections}, {@code 432 4.3.2}): use fewer. */
        CONNECTIONS,
        /** Too many messages ({@code 454 Throttling failure}, {@code 450 4.7.1 too much mail}): send slower. */
        RATE
    }

    private final boolean permanent;
    private final boolean connectionLost;
    private final int code;
    private final Throttling throttling;

    public SmtpFailure(String message, int code, boolean permanent, boolean connectionLost, Throwable cause) {
        this(message, code, permanent, connectionLost, Throttling.NONE, cause);
    }

    public SmtpFailure(String message, int code, boolean permanent, boolean connectionLost, Throttling throttling,
                       Throwable cause) {
        super(message, cause);
        this.code = code;
        this.permanent = permanent;
        this.connectionLost = connectionLost;
        this.throttling = throttling;
    }

    public boolean permanent() {
        return permanent;
    }

    public boolean connectionLost() {
        return connectionLost;
    }

    /** The SMTP reply code, or -1 when the failure was below SMTP (connection refused, reset). */
    public int code() {
        return code;
    }

    public Throttling throttling() {
        return throttling;
    }

    public boolean throttled() {
        return throttling != Throttling.NONE;
    }
}
