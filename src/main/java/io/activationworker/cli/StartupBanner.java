package io.activationworker.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code run}, {@code serve} and {@code worker} print once they listen: the address
 * administrators' links use ({@code public.base-url}) and the address this process listens on,
 * each labelled. Behind a proxy the two differ, and an operator checking the process needs the
 * second; a newcomer clicking through needs the first. With {@code management.port} set, the
 * management address too.
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
        return lines(role, publicBaseUrl, bind, port, Optional.empty(), Optional.empty(), mailbox);
    }

    /**
     * @param managementBind {@code management.bind}, and {@code managementPort} the port bound, when
     *                       {@code management.port} is configured: {@code /metrics} and {@code /readyz}
     *                       are served there only, so an operator wiring a scraper needs that address
     */
    static List<String> lines(String role, String publicBaseUrl, String bind, int port, Optional<String> managementBind,
                              Optional<Integer> managementPort, boolean mailbox) {
        List<String> lines = new ArrayList<>();
        lines.add("activation-worker " + role + " is running");
        lines.add("  public base URL: " + publicBaseUrl);
        lines.add("  listening on:    " + listenAddress(bind, port));
        if (managementBind.isPresent() && managementPort.isPresent()) {
            lines.add("  management:      " + listenAddress(managementBind.get(), managementPort.get()) + " (/metrics, /readyz)");
        }
        if (mailbox) {
            lines.add("  emails:          " + trimSlash(publicBaseUrl) + "/dev/mailbox");
        }
        return lines;
    }

    static Optional<String> text(String role, String publicBaseUrl, String bind, Optional<Integer> port, boolean mailbox) {
        return text(role, publicBaseUrl, bind, port, Optional.empty(), Optional.empty(), mailbox);
    }

    static Optional<String> text(String role, String publicBaseUrl, String bind, Optional<Integer> port,
                                 Optional<String> managementBind, Optional<Integer> managementPort, boolean mailbox) {
        return port.map(p -> String.join(System.lineSeparator(),
                lines(role, publicBaseUrl, bind, p, managementBind, managementPort, mailbox)));
    }

    private static String listenAddress(String bind, int port) {
        String host = bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
        return "http://" + host + ":" + port;
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
