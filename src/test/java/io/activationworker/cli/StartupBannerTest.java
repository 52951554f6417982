package io.activationworker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The start-up banner names both addresses, labelled: the one links use and the one the process listens on. */
class StartupBannerTest {

    @Test
    void behind_a_proxy_the_banner_prints_the_public_url_and_the_listening_address_labelled() {
        assertThat(StartupBanner.lines("serve", "https://activate.example.com", "0.0.0.0", 8080, false)).containsExactly(
                "activation-worker serve is running",
                "  public base URL: https://activate.example.com",
                "  listening on:    http://0.0.0.0:8080");
    }

    @Test
    void the_listening_port_is_the_bound_one_and_an_ipv6_bind_address_is_bracketed() {
        assertThat(StartupBanner.lines("worker", "http://localhost:8080", "::1", 41234, false))
                .contains("  listening on:    http://[::1]:41234");
    }

    @Test
    void with_the_embedded_mail_server_the_mailbox_is_named_under_the_public_url() {
        assertThat(StartupBanner.lines("run", "http://127.0.0.1:8080/", "127.0.0.1", 8080, true))
                .contains("  public base URL: http://127.0.0.1:8080/", "  emails:          http://127.0.0.1:8080/dev/mailbox");
    }

    @Test
    void with_a_management_port_the_banner_names_its_address_too() {
        assertThat(StartupBanner.lines("serve", "https://activate.example.com", "0.0.0.0", 8080, Optional.of("127.0.0.1"),
                Optional.of(9090), false)).containsExactly(
                "activation-worker serve is running",
                "  public base URL: https://activate.example.com",
                "  listening on:    http://0.0.0.0:8080",
                "  management:      http://127.0.0.1:9090 (/metrics, /readyz)");
        assertThat(StartupBanner.text("run", "http://localhost:8080", "127.0.0.1", Optional.of(8080), Optional.of("::1"),
                Optional.of(41235), true).orElseThrow()).contains("  management:      http://[::1]:41235 (/metrics, /readyz)");
    }

    @Test
    void without_a_management_port_there_is_no_management_line() {
        assertThat(StartupBanner.text("run", "http://localhost:8080", "127.0.0.1", Optional.of(8080), Optional.of("127.0.0.1"),
                Optional.empty(), true).orElseThrow()).doesNotContain("management");
    }

    @Test
    void a_process_without_a_web_port_prints_no_banner() {
        assertThat(StartupBanner.text("worker", "http://127.0.0.1:8080", "127.0.0.1", Optional.empty(), false)).isEmpty();
    }
}
