package io.activationworker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code oidc.*} keys (issue 15): off by default, validated together, the secret never printed. */
class OidcConfigTest {

    private static AppConfig load(String text, Map<String, String> env) throws IOException {
        Path file = Files.createTempFile("activation", ".properties");
        Files.writeString(file, text);
        return new ConfigLoader(env).load(file);
    }

    @Test
    void without_an_issuer_work_accounts_are_off() throws IOException {
        assertThat(load("", Map.of()).oidc()).isEmpty();
        assertThat(new ConfigLoader(Map.of()).load(Path.of("config/activation.properties")).oidc()).isEmpty();
    }

    @Test
    void an_issuer_comes_with_a_client_id_and_a_default_email_claim() throws IOException {
        OidcSettings o = load("""
                oidc.issuer=https://login.microsoftonline.com/tenant/v2.0/
                oidc.client-id=abc
                oidc.client-secret=s3cret-value
                oidc.display-name=Microsoft
                """, Map.of()).oidc().orElseThrow();
        assertThat(o.issuer()).isEqualTo("https://login.microsoftonline.com/tenant/v2.0");
        assertThat(o.emailClaim()).isEqualTo("email");
        assertThat(o.toString()).doesNotContain("s3cret-value");
        assertThat(load("oidc.issuer=https://sso.example/realms/x\noidc.client-id=abc\noidc.client-secret=s3cret-value\n",
                Map.of()).toString()).doesNotContain("s3cret-value");
    }

    @Test
    void an_issuer_without_a_client_id_or_not_a_url_is_reported() {
        assertThatThrownBy(() -> load("oidc.issuer=https://sso.example/realms/x\n", Map.of()))
                .hasMessageContaining("oidc.client-id");
        assertThatThrownBy(() -> load("", Map.of("ACTIVATION_OIDC_ISSUER", "sso.example")))
                .hasMessageContaining("oidc.issuer");
    }
}
