package io.activationworker.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code http.trusted-proxies}: the addresses and networks (CIDR) whose {@code Forwarded} and
 * {@code X-Forwarded-For} headers are believed. The client is the nearest address in the chain
 * that is not a trusted proxy; a header from any other peer changes nothing.
 */
public final class TrustedProxies {

    private final List<Network> networks;

    private TrustedProxies(List<Network> networks) {
        this.networks = List.copyOf(networks);
    }

    public static TrustedProxies none() {
        return new TrustedProxies(List.of());
    }

    /**
     * Parses a comma-separated list of addresses and networks ({@code 10.0.0.1, 10.1.0.0/16,
     * ::1}); throws {@link IllegalArgumentException} naming the first entry that is neither.
     */
    public static TrustedProxies parse(String list) {
        List<Network> networks = new ArrayList<>();
        for (String entry : list.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int slash = e.indexOf('/');
            byte[] address = literal(slash < 0 ? e : e.substring(0, slash))
                    .orElseThrow(() -> new IllegalArgumentException("has '" + e + "', which is not an IP address or network"))
                    .getAddress();
            int bits = address.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(e.substring(slash + 1));
                } catch (NumberFormatException ex) {
                    bits = -1;
                }
                if (bits < 0 || bits > address.length * 8) {
                    throw new IllegalArgumentException("has '" + e + "', whose prefix length is not 0-" + address.length * 8);
                }
            }
            networks.add(new Network(address, bits));
        }
        return new TrustedProxies(networks);
    }

    public boolean isEmpty() {
        return networks.isEmpty();
    }

    /**
     * The client's address: the TCP peer, unless the peer is trusted; then the forwarding chain
     * ({@code Forwarded} when present, else {@code X-Forwarded-For}) read from the nearest hop
     * outwards, skipping trusted proxies. An entry that is not an address (an obfuscated
     * identifier, garbage) ends the walk at the last address known to be good.
     */
    public String clientAddress(String peer, List<String> forwarded, List<String> xForwardedFor) {
        if (networks.isEmpty() || !trusted(peer)) {
            return peer;
        }
        List<String> chain = !forwarded.isEmpty() ? forwardedFor(forwarded) : split(xForwardedFor);
        String client = peer;
        for (int i = chain.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = literal(chain.get(i));
            if (hop.isEmpty()) {
                return client;
            }
            client = hop.get().getHostAddress();
            if (!trusted(client)) {
                return client;
            }
        }
        return client;
    }

    boolean trusted(String address) {
        Optional<InetAddress> a = literal(address);
        return a.isPresent() && networks.stream().anyMatch(n -> n.contains(a.get().getAddress()));
    }

    private static List<String> split(List<String> headers) {
        List<String> hops = new ArrayList<>();
        for (String header : headers) {
            for (String hop : header.split(",")) {
                hops.add(hop.trim());
            }
        }
        return hops;
    }

    /** The {@code for=} values of RFC 7239 {@code Forwarded} headers, in order; quotes, brackets and ports removed. */
    private static List<String> forwardedFor(List<String> headers) {
        List<String> hops = new ArrayList<>();
        for (String element : split(headers)) {
            String value = "";
            for (String pair : element.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("for")) {
                    value = pair.substring(eq + 1).trim();
                }
            }
            if (value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2) {
                value = value.substring(1, value.length() - 1);
            }
            if (value.startsWith("[")) {
                int close = value.indexOf(']');
                value = close > 0 ? value.substring(1, close) : "";
            } else if (value.indexOf(':') == value.lastIndexOf(':') && value.indexOf(':') > 0) {
                value = value.substring(0, value.indexOf(':')); // IPv4 with a port
            }
            hops.add(value);
        }
        return hops;
    }

    /** An IP address written as digits (never a host name: nothing here may cause a DNS lookup). */
    static Optional<InetAddress> literal(String text) {
        String t = text.trim();
        if (t.isEmpty() || t.length() > 45 || !t.matches("[0-9A-Fa-f:.]+") || !(t.contains(".") || t.contains(":"))) {
            return Optional.empty();
        }
        if (!t.contains(":") && !t.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(t));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private record Network(byte[] address, int bits) {
        boolean contains(byte[] other) {
            if (other.length != address.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((address[i / 8] & mask) != (other[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
