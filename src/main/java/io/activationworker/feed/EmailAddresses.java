package io.activationworker.feed;

import java.util.regex.Pattern;

/**
 * A deliberately strict check of an email address: plain {@code local@domain.tld}, no comments,
 * quotes or IP literals. A feed address that fails it is a typo far more often than an exotic
 * mailbox, and a strict shape also keeps header syntax out of the address.
 */
final class EmailAddresses {

    private static final int MAX_LENGTH = 254;
    private static final int MAX_LOCAL_LENGTH = 64;
    private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9-]{1,63}");

    private EmailAddresses() {
    }

    public static boolean isValid(String address) {
        if (address == null || address.length() > MAX_LENGTH) {
            return false;
        }
        int at = address.indexOf('@');
        if (at < 1 || at != address.lastIndexOf('@')) {
            return false;
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        return isValidLocalPart(local) && isValidDomain(domain);
    }

    private static boolean isValidLocalPart(String local) {
        return local.length() <= MAX_LOCAL_LENGTH && LOCAL.matcher(local).matches()
                && !local.startsWith(".") && !local.endsWith(".") && !local.contains("..");
    }

    private static boolean isValidDomain(String domain) {
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches() || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
        }
        return true;
    }
}
