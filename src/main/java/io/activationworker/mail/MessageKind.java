package io.activationworker.mail;

import java.util.Locale;

/**
 * Every email the product sends. The lower-case name is what the outbox row stores and names the
 * template folder under {@code templates/mail/}.
 */
public enum MessageKind {
    ACTIVATION_LINK,
    REMINDER,
    ACTIVATION_CONFIRMATION,
    SIGNIN_LINK,
    REDEMPTION_CONFIRMATION,
    NEW_LINK_NOTICE,
    /** Issue 17: to the previous online administrator when the feed names another one. */
    ADMINISTRATOR_REPLACED,
    // issue 16: mails to partners (and the notices contact)
    IMPORT_REPORT,
    DELIVERY_FAILURE;

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MessageKind fromDbName(String dbName) {
        for (MessageKind kind : values()) {
            if (kind.dbName().equals(dbName)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown message kind \"" + dbName + "\"");
    }
}
