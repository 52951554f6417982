package io.activationworker.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 16, point 7: where a mail tells the administrator to ask the partner, it names the partner's contact. */
class PartnerContactInMailTest {

    private static final MailRenderer RENDERER = new MailRenderer(Path.of("templates"));

    @Test
    void the_partners_contact_is_named_in_both_parts_and_both_languages() {
        for (String locale : new String[] {"en", "nl"}) {
            Map<String, Object> model = MailModels.forKind(MessageKind.ACTIVATION_LINK);
            model.put("partnerContact", "licensing@northwind.example");
            RenderedMail mail = RENDERER.render(MessageKind.ACTIVATION_LINK, locale, model);
            assertThat(mail.text()).contains("Northwind Partners BV (licensing@northwind.example).");
            assertThat(mail.html()).contains("Northwind Partners BV (licensing@northwind.example).");
        }
    }

    @Test
    void without_a_contact_the_sentence_is_as_before() {
        RenderedMail mail = RENDERER.render(MessageKind.ACTIVATION_LINK, "en", MailModels.forKind(MessageKind.ACTIVATION_LINK));
        assertThat(mail.text()).contains("please contact Northwind Partners BV.");
    }
}
