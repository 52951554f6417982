package io.activationworker.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class MailRendererTest {

    private static final MailRenderer RENDERER = new MailRenderer(Path.of("templates"));
    private static final String HOSTILE = "<script>alert(1)</script> & Co";
    private static final Pattern ANCHOR = Pattern.compile("<a href=\"([^\"]*)\"[^>]*>([^<]*)</a>");

    static Stream<Arguments> everyKindInEveryLocale() {
        return Stream.of(MessageKind.values())
                .flatMap(kind -> Stream.of("en", "nl").map(locale -> Arguments.of(kind, locale)));
    }

    static Stream<Arguments> kindsWithALinkInEveryLocale() {
        return everyKindInEveryLocale().filter(a -> a.get()[0] != MessageKind.NEW_LINK_NOTICE
                && a.get()[0] != MessageKind.ADMINISTRATOR_REPLACED
                && a.get()[0] != MessageKind.IMPORT_REPORT && a.get()[0] != MessageKind.DELIVERY_FAILURE);
    }

    static Stream<Arguments> kindsNamingTheCustomerInEveryLocale() {
        return everyKindInEveryLocale().filter(a -> a.get()[0] != MessageKind.SIGNIN_LINK
                && a.get()[0] != MessageKind.IMPORT_REPORT);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyKindInEveryLocale")
    void every_message_renders_a_one_line_subject_a_text_part_and_a_safe_html_page(MessageKind kind, String locale) {
        RenderedMail mail = RENDERER.render(kind, locale, MailModels.forKind(kind));

        assertThat(mail.subject()).isNotBlank().doesNotContain("\n", "\r", "${", "<#");
        assertThat(mail.text()).isNotBlank().doesNotContain("${", "<#", "<@", "&amp;", "<p>");
        assertThat(mail.html())
                .startsWith("<!DOCTYPE html>")
                .contains("<html lang=\"" + locale + "\">", "max-width:600px", "name=\"viewport\"")
                .doesNotContainIgnoringCase("<img")
                .doesNotContainIgnoringCase("<script")
                .doesNotContainIgnoringCase("<link")
                .doesNotContainIgnoringCase("<style")
                .doesNotContain("${", "<#", "<@");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kindsNamingTheCustomerInEveryLocale")
    void feed_values_are_escaped_in_html_and_left_plain_in_text(MessageKind kind, String locale) {
        Map<String, Object> model = MailModels.forKind(kind);
        model.put("customerName", HOSTILE);

        RenderedMail mail = RENDERER.render(kind, locale, model);

        assertThat(mail.html())
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co")
                .doesNotContain(HOSTILE)
                .doesNotContainIgnoringCase("<script");
        assertThat(mail.text()).contains(HOSTILE);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kindsWithALinkInEveryLocale")
    void the_link_is_in_both_parts_and_every_anchor_shows_where_it_goes(MessageKind kind, String locale) {
        String link = MailModels.linkOf(kind);

        RenderedMail mail = RENDERER.render(kind, locale, MailModels.forKind(kind));

        assertThat(mail.text()).contains("\n" + link + "\n");
        List<String[]> anchors = anchors(mail.html());
        assertThat(anchors).hasSize(2).allSatisfy(a -> assertThat(a[0]).isEqualTo(link));
        // the button says what it does; the second anchor shows the address itself
        assertThat(anchors.get(0)[1]).isNotBlank().doesNotContain("http");
        assertThat(anchors.get(1)[1]).isEqualTo(link);
        assertThat(mail.text()).contains(anchors.get(0)[1] + ":\n" + link);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MessageKind.class)
    void dutch_messages_are_written_in_dutch(MessageKind kind) {
        RenderedMail mail = RENDERER.render(kind, "nl", MailModels.forKind(kind));

        assertThat(mail.text()).containsAnyOf("uw ", "Uw ", " u ").contains("Deze e-mail is automatisch verzonden");
        if (kind != MessageKind.IMPORT_REPORT && kind != MessageKind.DELIVERY_FAILURE) { // issue 16: partner frame
            assertThat(mail.html()).contains("Had u deze e-mail niet verwacht?");
        }
        assertThat(mail.text() + mail.html()).doesNotContain("Hello", "licence", "Please", "email ");
    }

    @Test
    void the_activation_link_asks_in_dutch_to_activate_the_subscription() {
        RenderedMail mail = RENDERER.render(MessageKind.ACTIVATION_LINK, "nl", MailModels.forKind(MessageKind.ACTIVATION_LINK));

        assertThat(mail.subject()).isEqualTo("Activeer uw abonnement voor Fabrikam NV (overeenkomst V1234567)");
        assertThat(mail.text())
                .contains("Beste Anna de Vries,", "volumelicentieovereenkomst V1234567", "onlinebeheerder", "activeren",
                        "- Microsoft 365 Business Premium: 25 licenties, 12 maanden",
                        "- Microsoft 365 Apps for business: 1 licentie, 1 maand");
    }

    @Test
    void dates_are_written_the_way_each_language_writes_them() {
        Map<String, Object> model = MailModels.forKind(MessageKind.ACTIVATION_LINK);

        assertThat(RENDERER.render(MessageKind.ACTIVATION_LINK, "en", model).text()).contains("valid until 30 June 2027");
        assertThat(RENDERER.render(MessageKind.ACTIVATION_LINK, "nl", model).text()).contains("geldig tot 30 juni 2027");
        assertThat(RENDERER.render(MessageKind.ACTIVATION_LINK, "nl", model).html()).contains("30 juni 2027");
    }

    @Test
    void instants_are_shown_in_utc_with_the_time() {
        Map<String, Object> model = MailModels.forKind(MessageKind.ACTIVATION_CONFIRMATION);
        model.put("activatedAt", "2026-11-25T15:05:00+01:00");

        assertThat(RENDERER.render(MessageKind.ACTIVATION_CONFIRMATION, "en", model).text())
                .contains("On 25 November 2026, 14:05 UTC")
                .contains("- Microsoft 365 Business Premium: 25 licences, start date 25 November 2026, end date 25 November 2027");
        assertThat(RENDERER.render(MessageKind.ACTIVATION_CONFIRMATION, "nl", model).text())
                .contains("Op 25 november 2026 om 14:05 UTC")
                .contains("einddatum 25 november 2027");
    }

    @Test
    void the_reminder_says_it_is_a_reminder_and_repeats_the_purchase() {
        RenderedMail mail = RENDERER.render(MessageKind.REMINDER, "en", MailModels.forKind(MessageKind.REMINDER));

        assertThat(mail.subject()).startsWith("Reminder:");
        assertThat(mail.text()).contains("This is a reminder", "V1234567", "fabrikam.example", "Northwind Partners BV",
                "Microsoft 365 Business Premium: 25 licences, 12 months", "30 June 2027", MailModels.LINK);
    }

    @Test
    void the_notice_asks_the_contact_to_have_the_partner_designate_an_online_administrator() {
        RenderedMail mail = RENDERER.render(MessageKind.NEW_LINK_NOTICE, "nl", MailModels.forKind(MessageKind.NEW_LINK_NOTICE));

        assertThat(mail.subject()).contains("geen onlinebeheerder");
        assertThat(mail.text()).contains("Vraag Northwind Partners BV om een onlinebeheerder", "legal@fabrikam.example",
                "De activering staat klaar");
        assertThat(mail.html()).doesNotContain("<a ");
    }

    @Test
    void the_sign_in_link_tells_a_reader_who_did_not_ask_to_ignore_it() {
        RenderedMail en = RENDERER.render(MessageKind.SIGNIN_LINK, "en", MailModels.forKind(MessageKind.SIGNIN_LINK));
        RenderedMail nl = RENDERER.render(MessageKind.SIGNIN_LINK, "nl", MailModels.forKind(MessageKind.SIGNIN_LINK));

        assertThat(en.text()).contains("If you did not ask for this, ignore this email", "expires 15 minutes");
        assertThat(nl.text()).contains("Hebt u hier niet om gevraagd? Negeer dan deze e-mail", "verloopt 15 minuten");
    }

    @Test
    void the_redemption_confirmation_shows_what_changed_and_what_did_not() {
        Map<String, Object> extend = MailModels.forKind(MessageKind.REDEMPTION_CONFIRMATION);
        Map<String, Object> add = MailModels.forKind(MessageKind.REDEMPTION_CONFIRMATION);
        add.putAll(Map.of("action", "add", "seatsAfter", 30, "endAfter", "2027-06-30"));

        RenderedMail extended = RENDERER.render(MessageKind.REDEMPTION_CONFIRMATION, "en", extend);
        RenderedMail added = RENDERER.render(MessageKind.REDEMPTION_CONFIRMATION, "nl", add);

        assertThat(extended.subject()).isEqualTo("End date extended: Microsoft 365 Business Premium for Fabrikam NV");
        assertThat(extended.text()).contains("Licences: 25 (unchanged)", "End date: 30 June 2028 (was 30 June 2027)",
                "Product key: ending in 6789B");
        assertThat(added.subject()).isEqualTo("Licenties toegevoegd: Microsoft 365 Business Premium voor Fabrikam NV");
        assertThat(added.text()).contains("Licenties: 30 (was 25)", "Einddatum: 30 juni 2027 (ongewijzigd)",
                "ingewisseld", "Bekijk uw producten:\n");
    }

    @Test
    void an_unknown_locale_reads_english_and_a_regional_dutch_one_reads_dutch() {
        Map<String, Object> model = MailModels.forKind(MessageKind.SIGNIN_LINK);

        assertThat(RENDERER.render(MessageKind.SIGNIN_LINK, "fr", model).subject()).isEqualTo("Your sign-in link");
        assertThat(RENDERER.render(MessageKind.SIGNIN_LINK, null, model).subject()).isEqualTo("Your sign-in link");
        assertThat(RENDERER.render(MessageKind.SIGNIN_LINK, "nl-BE", model).subject()).isEqualTo("Uw aanmeldkoppeling");
    }

    @Test
    void a_line_break_smuggled_into_a_subject_value_becomes_a_space() {
        Map<String, Object> model = MailModels.forKind(MessageKind.ACTIVATION_LINK);
        model.put("customerName", "Fabrikam NV\r\nBcc: evil@x.example");

        RenderedMail mail = RENDERER.render(MessageKind.ACTIVATION_LINK, "en", model);

        assertThat(mail.subject()).isEqualTo(
                "Activate your subscription for Fabrikam NV Bcc: evil@x.example (agreement V1234567)");
    }

    @Test
    void a_missing_model_value_fails_naming_the_template() {
        Map<String, Object> model = MailModels.forKind(MessageKind.ACTIVATION_LINK);
        model.remove("link");

        assertThatThrownBy(() -> RENDERER.render(MessageKind.ACTIVATION_LINK, "en", model))
                .isInstanceOf(MailRenderingException.class)
                .hasMessageContaining("activation_link/")
                .hasMessageContaining("link");
    }

    @Test
    void a_date_that_is_not_iso_fails_instead_of_showing_nonsense() {
        Map<String, Object> model = MailModels.forKind(MessageKind.ACTIVATION_LINK);
        model.put("linkExpires", "30/06/2027");

        assertThatThrownBy(() -> RENDERER.render(MessageKind.ACTIVATION_LINK, "en", model))
                .isInstanceOf(MailRenderingException.class)
                .hasMessageContaining("30/06/2027");
    }

    @Test
    void one_renderer_serves_many_threads_at_once() {
        RenderedMail expected = RENDERER.render(MessageKind.REMINDER, "nl", MailModels.forKind(MessageKind.REMINDER));

        List<RenderedMail> rendered = IntStream.range(0, 2_000).parallel()
                .mapToObj(i -> RENDERER.render(MessageKind.REMINDER, "nl", MailModels.forKind(MessageKind.REMINDER)))
                .toList();

        assertThat(rendered).allSatisfy(mail -> assertThat(mail).isEqualTo(expected));
    }

    @Test
    void templates_cannot_reach_java_classes() throws Exception {
        Path dir = copyOfTemplates();
        Files.writeString(dir.resolve("mail/signin_link/subject_en.ftl"),
                "<#assign ex = \"freemarker.template.utility.Execute\"?new()>${ex(\"id\")}");
        MailRenderer renderer = new MailRenderer(dir);

        assertThatThrownBy(() -> renderer.render(MessageKind.SIGNIN_LINK, "en", MailModels.forKind(MessageKind.SIGNIN_LINK)))
                .isInstanceOf(MailRenderingException.class);
    }

    @Test
    void a_missing_template_is_reported_when_the_renderer_starts(@TempDir Path empty) throws Exception {
        Files.createDirectories(empty.resolve("mail"));

        assertThatThrownBy(() -> new MailRenderer(empty))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("activation_link/subject_en.ftl")
                .hasMessageContaining("new_link_notice/html_nl.ftlh");
    }

    @TempDir
    Path temp;

    private Path copyOfTemplates() throws Exception {
        Path source = Path.of("templates");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = temp.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return temp;
    }

    private static List<String[]> anchors(String html) {
        List<String[]> found = new ArrayList<>();
        Matcher m = ANCHOR.matcher(html);
        while (m.find()) {
            found.add(new String[] {unescape(m.group(1)), unescape(m.group(2))});
        }
        return found;
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }
}
