package io.activationworker.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.simplejavamail.utils.mail.dkim.Canonicalization;
import org.simplejavamail.utils.mail.dkim.DkimException;
import org.simplejavamail.utils.mail.dkim.DkimMessage;
import org.simplejavamail.utils.mail.dkim.DkimSigner;
import org.simplejavamail.utils.mail.dkim.SigningAlgorithm;

/**
 * Optional DKIM signing ({@code dkim.domain}, {@code dkim.selector}, {@code dkim.private-key-file}:
 * an RSA key in PKCS#8, PEM or DER). Signs From, To, Subject, Date, Message-ID and the body, with
 * relaxed canonicalisation so relays that re-fold headers do not break the signature.
 */
public final class DkimSigning {

    private final DkimSigner signer;

    public DkimSigning(String domain, String selector, Path privateKeyFile) {
        try {
            signer = new DkimSigner(domain, selector, readKey(privateKeyFile));
            signer.setCheckDomainKey(false);
            signer.setSigningAlgorithm(SigningAlgorithm.SHA256_WITH_RSA);
            signer.setHeaderCanonicalization(Canonicalization.RELAXED);
            signer.setBodyCanonicalization(Canonicalization.RELAXED);
            signer.setLengthParam(false);
            signer.setZParam(false);
            signer.addHeaderToSign("Message-ID");
            signer.addHeaderToSign("Auto-Submitted");
        } catch (DkimException e) {
            throw new IllegalArgumentException("dkim: the signer cannot be set up: " + e.getMessage(), e);
        }
    }

    /** The same message with a DKIM-Signature header added when it is written out. */
    public MimeMessage sign(MimeMessage message) {
        try {
            String messageId = message.getMessageID();
            return new DkimMessage(message, signer) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    // Keep the outbox's Message-ID: a retry must re-send the very same message.
                    setHeader("Message-ID", messageId);
                }
            };
        } catch (MessagingException e) {
            throw new IllegalStateException("dkim: the message cannot be signed: " + e.getMessage(), e);
        }
    }

    private static RSAPrivateKey readKey(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            String text = new String(bytes, StandardCharsets.US_ASCII);
            if (text.contains("-----BEGIN")) {
                if (text.contains("BEGIN RSA PRIVATE KEY")) {
                    throw new IllegalArgumentException("dkim.private-key-file: " + file
                            + " is PKCS#1; convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pk8.pem");
                }
                bytes = Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", ""));
            }
            return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("dkim.private-key-file: " + file + " cannot be read", e);
        } catch (GeneralSecurityException | ClassCastException | IllegalArgumentException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null && iae.getMessage().startsWith("dkim")) {
                throw iae;
            }
            throw new IllegalArgumentException("dkim.private-key-file: " + file + " is not an RSA private key in PKCS#8", e);
        }
    }
}
