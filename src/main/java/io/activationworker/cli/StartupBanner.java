package io.activationworker.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code run}, {@code serve} and {@code worker} print once they listen: the address
 * administrators' links use ({@code public.base-url}) and the address this process listens on,
 * each labelled. Behind a proxy the two differ, and an operator checking the process needs the
 * second; a newcomer clicking through needs the first.
 */
final class StartupBanner {

    private StartupBanner() {
    }

    /**
     * @param bind      {@code http.bind} as configured
     * @param port      the port actually bound (differs from {@code http.port} when that is 0)
     * @param mailbox   whether {@code /dev/mailbox} is served (embedded SMTP, web role)
     */
    static List<String> lines(String role, String publicBaseUrl, String bind, int port, boolean mailbox) {
        List<String> lines = new ArrayList<>();
        lines.add("activation-worker " + role + " is running");
        lines.add("  public base URL: " + publicBaseUrl);
        lines.add("  listening on:    " + listenAddress(bind, port));
        if (mailbox) {
            lines.add("  emails:          " + trimSlash(publicBaseUrl) + "/dev/mailbox");
        }
        return lines;
    }

    static Optional<String> text(String role, String publicBaseUrl, String bind, Optional<Integer> port, boolean mailbox) {
        return port.map(p -> String.join(System.lineSeparator(), lines(role, publicBaseUrl, bind, p, mailbox)));
    }

    private static String listenAddress(String bind, int port) {
        String host = bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
        return "http://" + host + ":" + port;
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
