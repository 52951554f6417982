package io.activationworker.outbox;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.activationworker.key.TokenSealer;
import io.activationworker.mail.DkimSigning;
import io.activationworker.mail.MailComposer;
import io.activationworker.mail.MailRenderer;
import io.activationworker.mail.MessageKind;
import io.activationworker.mail.RenderedMail;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a claimed outbox row into the MIME message to send: opens the sealed link, renders the
 * templates in the row's locale and composes the message with the row's Message-ID.
 */
public final class OutboxRenderer {

    /** Payload keys holding a sealed URL; the template sees the opened URL under the key without the prefix. */
    public static final String SEALED_PREFIX = "sealed:";

    private static final ObjectReader PAYLOAD = new ObjectMapper().readerFor(new TypeReference<Map<String, Object>>() { });

    private final MailRenderer renderer;
    private final MailComposer composer;
    private final TokenSealer sealer;
    private final Optional<DkimSigning> dkim;

    public OutboxRenderer(MailRenderer renderer, MailComposer composer, TokenSealer sealer, Optional<DkimSigning> dkim) {
        this.renderer = renderer;
        this.composer = composer;
        this.sealer = sealer;
        this.dkim = dkim;
    }

    public MimeMessage render(OutboxMessage message) {
        Map<String, Object> model = new HashMap<>();
        for (Map.Entry<String, Object> e : parse(message.payload()).entrySet()) {
            if (e.getKey().startsWith(SEALED_PREFIX) && e.getValue() instanceof String sealed) {
                model.put(e.getKey().substring(SEALED_PREFIX.length()), sealer.open(sealed));
            } else {
                model.put(e.getKey(), e.getValue());
            }
        }
        RenderedMail mail = renderer.render(MessageKind.fromDbName(message.kind()), message.locale(), model);
        MimeMessage mime = composer.compose(message.messageId(), message.recipientEmail(), message.recipientName(), mail,
                message.createdAt());
        return dkim.map(d -> d.sign(mime)).orElse(mime);
    }

    private static Map<String, Object> parse(String payload) {
        try {
            return PAYLOAD.readValue(payload);
        } catch (IOException e) {
            throw new IllegalStateException("outbox payload is not a JSON object", e);
        }
    }
}
