package io.activationworker.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.activationworker.testing.Feeds;
import io.activationworker.testing.TestApp;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.FailException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DKIM signatures made by the worker, checked by an independent verifier (Apache James jDKIM). */
class DkimIT {

    @TempDir
    Path dir;

    @Test
    void received_messages_carry_a_signature_an_independent_verifier_accepts() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        Path keyFile = dir.resolve("dkim.pk8.pem");
        Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        String dnsRecord = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());

        try (TestApp app = TestApp.start(Map.of("dkim.domain", "activation.test", "dkim.selector", "mail2026",
                "dkim.private-key-file", keyFile.toString()), Clock.systemUTC(), true, false)) {
            app.importFeed("northwind.yaml", Feeds.standard());
            MimeMessage received = app.awaitMessages(1).get(0);
            assertThat(received.getHeader("DKIM-Signature")[0]).contains("d=activation.test", "s=mail2026");
            byte[] raw = GreenMailUtil.getWholeMessage(received).getBytes(StandardCharsets.UTF_8);

            DKIMVerifier verifier = new DKIMVerifier((method, selector, domain) -> {
                assertThat(selector.toString()).isEqualTo("mail2026");
                assertThat(domain.toString()).isEqualTo("activation.test");
                return List.of(dnsRecord);
            });
            List<SignatureRecord> valid = verifier.verify(new ByteArrayInputStream(raw));
            assertThat(valid).hasSize(1);
            assertThat(received.getMessageID()).isEqualTo(
                    app.text("select message_id from outbox_message where kind = 'activation_link'"));

            // The same bytes with one changed letter in the body no longer verify.
            String tampered = new String(raw, StandardCharsets.UTF_8).replace("Fabrikam NV", "Fabrikam BV");
            org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                    verifier.verify(new ByteArrayInputStream(tampered.getBytes(StandardCharsets.UTF_8))))
                    .isInstanceOf(FailException.class);
        }
    }
}
