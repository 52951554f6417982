package io.activationworker.mail;

/**
 * A message that did not go out. {@code permanent} (SMTP 5xx) means retrying cannot help;
 * otherwise (4xx, refused or dropped connections) it is worth another try later.
 * {@code connectionLost} says the next message needs a new connection.
 */
public final class SmtpFailure extends Exception {

    private final boolean permanent;
    private final boolean connectionLost;
    private final int code;

    public SmtpFailure(String message, int code, boolean permanent, boolean connectionLost, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.permanent = permanent;
        this.connectionLost = connectionLost;
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
}
