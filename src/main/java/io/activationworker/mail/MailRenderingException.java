package io.activationworker.mail;

/**
 * A message could not be rendered: a missing model value or a broken template. Retrying the same
 * row cannot help, so the outbox treats it as a permanent failure.
 */
final class MailRenderingException extends RuntimeException {

    public MailRenderingException(String message, Throwable cause) {
        super(message, cause);
    }
}
