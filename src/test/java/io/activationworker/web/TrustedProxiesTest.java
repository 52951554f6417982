package io.activationworker.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    private final TrustedProxies proxies = TrustedProxies.parse("10.0.0.1, 192.168.0.0/16, fd00::/8");

    @Test
    void forwarded_headers_from_an_untrusted_peer_change_nothing() {
        assertThat(proxies.clientAddress("203.0.113.9", List.of("for=198.51.100.1"), List.of("198.51.100.2")))
                .isEqualTo("203.0.113.9");
        assertThat(TrustedProxies.none().clientAddress("10.0.0.1", List.of(), List.of("198.51.100.2")))
                .isEqualTo("10.0.0.1");
    }

    @Test
    void the_client_is_the_nearest_untrusted_hop() {
        assertThat(proxies.clientAddress("10.0.0.1", List.of(), List.of("198.51.100.2"))).isEqualTo("198.51.100.2");
        // A client can put anything at the left; only what our own proxies appended counts.
        assertThat(proxies.clientAddress("10.0.0.1", List.of(), List.of("1.1.1.1, 198.51.100.2, 192.168.4.4")))
                .isEqualTo("198.51.100.2");
        assertThat(proxies.clientAddress("10.0.0.1", List.of(), List.of("1.1.1.1", "198.51.100.3"))).isEqualTo("198.51.100.3");
    }

    @Test
    void forwarded_is_preferred_and_read_with_quotes_brackets_and_ports() {
        assertThat(proxies.clientAddress("10.0.0.1", List.of("for=\"[2001:db8::1]:4711\";proto=https"),
                List.of("198.51.100.2"))).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(proxies.clientAddress("fd00::5", List.of("for=198.51.100.4:1234, for=192.168.1.1"), List.of()))
                .isEqualTo("198.51.100.4");
    }

    @Test
    void garbage_or_obfuscated_hops_stop_at_the_last_known_address_and_never_resolve_names() {
        assertThat(proxies.clientAddress("10.0.0.1", List.of(), List.of("evil.example"))).isEqualTo("10.0.0.1");
        assertThat(proxies.clientAddress("10.0.0.1", List.of("for=_hidden, for=192.168.1.1"), List.of()))
                .isEqualTo("192.168.1.1");
        assertThat(proxies.clientAddress("10.0.0.1", List.of(), List.of("198.51.100.2<script>"))).isEqualTo("10.0.0.1");
    }

    @Test
    void a_bad_entry_is_a_configuration_error_naming_it() {
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.1, proxy.internal")).hasMessageContaining("proxy.internal");
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/33")).hasMessageContaining("10.0.0.0/33");
        assertThat(TrustedProxies.parse(" ").isEmpty()).isTrue();
    }
}
