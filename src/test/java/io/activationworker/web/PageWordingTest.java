package io.activationworker.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.activationworker.activation.TermsText;
import io.activationworker.key.InvalidProductKeyException;
import io.activationworker.key.ProductKey;
import io.activationworker.mail.MailModels;
import io.activationworker.mail.MailRenderer;
import io.activationworker.mail.MessageKind;
import io.activationworker.mail.RenderedMail;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every page and every mail, rendered in English and in Dutch from the real templates, read the
 * way an administrator reads it: whole sentences (no space before a full stop, however the HTML
 * is turned into text), dates written the way the language writes them, an arrow only where a
 * value changed, and the seed's Dutch words.
 */
class PageWordingTest {

    private static final PageRenderer PAGES = new PageRenderer(Path.of("templates"));
    private static final MailRenderer MAILS = new MailRenderer(Path.of("templates"));
    private static final TermsText TERMS = new TermsText(Path.of("templates"), "2026-01");
    private static final Pattern ISO_DATE = Pattern.compile("\\b\\d{4}-\\d{2}-\\d{2}\\b");
    private static final Pattern SAME_BOTH_SIDES = Pattern.compile("(\\S+(?: \\S+){0,2}) → \\1(?!\\S)");

    /** Every page in the states it can be shown in, with realistic values. */
    static Map<String, Map<String, Object>> pages(String locale) {
        Map<String, Map<String, Object>> pages = new LinkedHashMap<>();
        pages.put("activate", activate(false, locale));
        pages.put("activate (box not ticked)", activate(true, locale));
        pages.put("activate_gone expired", gone("expired"));
        pages.put("activate_gone revoked", gone("revoked"));
        Map<String, Object> replaced = gone("administrator_replaced");
        replaced.put("adminEmail", "b…@fabrikam.example");
        pages.put("activate_gone administrator_replaced", replaced);
        Map<String, Object> renewed = agreement();
        renewed.put("sent", true);
        renewed.put("recipient", "a…@fabrikam.example");
        pages.put("activate_renewed", renewed);
        Map<String, Object> limited = new HashMap<>(renewed);
        limited.put("sent", false);
        pages.put("activate_renewed limited", limited);
        Map<String, Object> used = agreement();
        used.put("usedAt", "2026-12-02T02:12:00Z");
        used.put("activated", List.of(Map.of("product", "Microsoft 365 Business Premium", "seats", 25, "endDate", "2027-12-02")));
        pages.put("activate_used", used);
        for (int status : new int[] {400, 403, 404, 405, 429, 500, 503, 418}) {
            pages.put("error " + status, Map.of("status", status));
        }
        pages.put("home", Map.of("signedIn", false));
        pages.put("home signed in", signedIn(Map.of("signedIn", true)));
        pages.put("not_yours", signedIn(Map.of()));
        Map<String, Object> products = signedIn(Map.of("organisations", List.of(organisation("Fabrikam NV", 1))));
        products.put("activated", List.of(Map.of("product", "Microsoft 365 Business Premium", "seats", 1, "endDate", "2027-12-02"),
                Map.of("product", "Microsoft 365 Business Standard", "seats", 25, "endDate", "2028-12-02")));
        pages.put("products", products);
        pages.put("products two organisations", signedIn(Map.of("organisations",
                List.of(organisation("Contoso BV", 2), organisation("Fabrikam NV", 3)))));
        pages.put("products none", signedIn(Map.of("organisations", List.of())));
        for (String action : new String[] {"extend", "add"}) {
            pages.put("redeem_choose " + action, redeem(action, Map.of()));
            pages.put("redeem_key " + action, redeem(action, Map.of()));
            pages.put("redeem_key " + action + " refused", redeem(action, Map.of("error",
                    PAGES.say(locale, "redeem.error.redeemBy", List.of("…3CT3W", LocalDate.of(2020, 1, 31))))));
        }
        pages.put("redeem_review extend", redeem("extend", change(25, 25, "2027-12-02", "2028-12-02")));
        pages.put("redeem_review add", redeem("add", change(25, 35, "2027-12-02", "2027-12-02")));
        pages.put("redeem_done extend", redeem("extend", change(25, 25, "2027-12-02", "2028-12-02")));
        pages.put("redeem_done add", redeem("add", change(25, 35, "2027-12-02", "2027-12-02")));
        pages.put("signin", Map.of("sent", false, "invalid", false, "csrf", "c"));
        pages.put("signin sent", Map.of("sent", true, "invalid", false, "csrf", "c"));
        pages.put("signin invalid", Map.of("sent", false, "invalid", true, "csrf", "c"));
        pages.put("signin_link", Map.of("usable", true, "csrf", "c"));
        pages.put("signin_link gone", Map.of("usable", false, "csrf", "c"));
        pages.put("mailbox", Map.of("messages", List.of(Map.of("index", 0, "subject", "Activeer uw abonnement", "to",
                "anna@fabrikam.example", "received", "Wed, 2 Dec 2026 02:12:00 +0000"))));
        pages.put("mailbox empty", Map.of("messages", List.of()));
        // Pages of issues 12b, 15 and 16, read the same way.
        Map<String, Object> withContact = activate(false, locale);
        withContact.put("partnerContact", "licensing@northwind.example");
        pages.put("activate (partner contact)", withContact);
        pages.put("signin (work account)", Map.of("sent", false, "invalid", false, "csrf", "c", "workAccount", "Fabrikam ID"));
        pages.put("activation_mail", Map.of("csrf", "c", "sent", false, "invalid", false, "agreement", ""));
        pages.put("activation_mail sent", Map.of("csrf", "c", "sent", true, "invalid", false, "agreement", "V1234567"));
        pages.put("activation_mail invalid", Map.of("csrf", "c", "sent", false, "invalid", true, "agreement", "x"));
        for (String reason : new String[] {"state", "provider", "token", "unverified", "noEmail", "unknown", "unavailable"}) {
            pages.put("signin_refused " + reason, Map.of("reason", reason));
        }
        Map<String, Object> wrong = agreement();
        wrong.put("designated", "a…@fabrikam.example");
        wrong.put("account", "eve@fabrikam.example");
        pages.put("wrong_account", wrong);
        // Issue 15's agreement pages, read the same way (issue 17); the guide has its own test below.
        Map<String, Object> acceptance = Map.of("id", 7L, "acceptedAt", "2026-12-02T02:12:00Z", "by", "anna@fabrikam.example",
                "termsVersion", "2026-01", "termsSha256", "9f86d081884c7d65", "products", "Microsoft 365 Business Premium (25)");
        Map<String, Object> listed = agreement();
        listed.put("pending", List.of(Map.of("product", "Microsoft 365 Business Standard", "seats", 25, "termMonths", 12),
                Map.of("product", "Microsoft 365 Apps for business", "seats", 1, "termMonths", 1)));
        listed.put("waitingWithoutLink", true);
        listed.put("accepted", List.of(acceptance));
        pages.put("agreements", signedIn(Map.of("agreements", List.of(listed))));
        pages.put("agreements none", signedIn(Map.of("agreements", List.of())));
        Map<String, Object> detail = signedIn(agreement());
        detail.put("accepted", List.of(acceptance));
        detail.put("waitingWithoutLink", true);
        pages.put("agreement", detail);
        Map<String, Object> kept = signedIn(agreement());
        kept.put("acceptance", acceptance);
        pages.put("agreement_terms not kept", new HashMap<>(kept));
        kept.put("termsText", PAGES.paragraphsEscapedOnce(TERMS.forLocale(locale).paragraphs()));
        pages.put("agreement_terms", kept);
        pages.put("agreement_not_yours", signedIn(Map.of()));
        return pages;
    }

    static Stream<Arguments> everyPageInEveryLanguage() {
        List<Arguments> all = new ArrayList<>();
        for (String locale : new String[] {"en", "nl"}) {
            pages(locale).forEach((name, model) -> all.add(Arguments.of(locale, name, model)));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyPageInEveryLanguage")
    void every_page_reads_as_whole_sentences_with_dates_in_its_language(String locale, String name, Map<String, Object> model) {
        String html = PAGES.render(name.split(" ")[0], locale, model);
        String text = text(html);

        assertThat(text).as("space before a full stop, comma or colon").doesNotContainPattern(" [.,:;](\\s|$)");
        assertThat(text).as("ISO date in prose").doesNotContainPattern(ISO_DATE.pattern());
        assertThat(text).as("unfilled placeholder").doesNotContainPattern("\\{\\d\\}").doesNotContain("${");
        assertThat(SAME_BOTH_SIDES.matcher(text).find()).as("an arrow between equal values in: " + text).isFalse();
        assertThat(html).contains("<html lang=\"" + locale + "\">");
        if (locale.equals("nl")) {
            assertThat(text).doesNotContain(" the ", " licence", "Your products", " and ", "Sign in");
        } else {
            assertThat(text).doesNotContain(" het ", " licentie", " en ", "Uw producten");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "nl"})
    void every_catalogue_sentence_filled_with_values_has_no_space_before_its_full_stop(String locale) throws Exception {
        Properties texts = new Properties();
        try (var in = java.nio.file.Files.newBufferedReader(Path.of("templates/web/messages_" + locale + ".properties"))) {
            texts.load(in);
        }
        List<Object> values = List.of("…M3QFB", LocalDate.of(2028, 12, 2), "35", "Microsoft 365 Business Premium");
        for (String key : texts.stringPropertyNames()) {
            String said = PAGES.say(locale, key, values);
            assertThat(said).as(key).doesNotContainPattern(" [.,:;](\\s|$)").doesNotContainPattern(ISO_DATE.pattern())
                    .doesNotContainPattern("\\{\\d\\}");
        }
    }

    /**
     * The guide is a long document with many "choose <strong>Next</strong>." steps; it is read as a
     * browser shows it (inline tags joined, block tags as spaces) and must keep to the same rules.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "nl"})
    void the_guide_reads_as_whole_sentences_too(String locale) {
        String html = PAGES.render("help", locale, Map.of("workAccounts", true, "workAccountName", "Fabrikam ID"));
        String text = text(html.replaceAll("</?(strong|em|a|span|code|kbd)\\b[^>]*>", ""));

        assertThat(text).doesNotContainPattern(" [.,:;](\\s|$)").doesNotContainPattern(ISO_DATE.pattern())
                .doesNotContainPattern("\\{\\d\\}").contains(locale.equals("nl") ? "Inwisselen" : "Redeem");
    }

    @Test
    void the_result_page_shows_an_arrow_only_for_what_changed() {
        String extended = text(PAGES.render("redeem_done", "nl", redeem("extend", change(25, 25, "2027-12-02", "2028-12-02"))));
        String added = text(PAGES.render("redeem_done", "en", redeem("add", change(25, 35, "2027-12-02", "2027-12-02"))));

        assertThat(extended).contains("Het abonnement loopt nu tot 2 december 2028.", "Licenties 25 ",
                "Einddatum 2 december 2027 → 2 december 2028").doesNotContain("25 → 25");
        assertThat(added).contains("The subscription now has 35 licences.", "Licences 25 → 35",
                "End date 2 December 2027").doesNotContain("2 December 2027 → 2 December 2027");
    }

    @Test
    void dutch_pages_use_the_seeds_words() {
        String key = text(PAGES.render("redeem_key", "nl", redeem("extend", Map.of())));
        String review = text(PAGES.render("redeem_review", "nl", redeem("add", change(25, 35, "2027-12-02", "2027-12-02"))));
        String done = text(PAGES.render("redeem_done", "nl", redeem("add", change(25, 35, "2027-12-02", "2027-12-02"))));

        assertThat(key).contains("Uw producten", "Een nieuwe en ongebruikte productcode gebruiken");
        assertThat(review).contains("Uw bestelgegevens bekijken", "klikt u op Inwisselen", "Inwisselen");
        assertThat(done).contains("Het abonnement heeft nu 35 licenties.").doesNotContain("zoveel");
    }

    @Test
    void expiry_and_activation_moments_are_whole_sentences_in_both_languages() {
        Map<String, Object> used = agreement();
        used.put("usedAt", "2026-12-02T02:12:00Z");
        used.put("activated", List.of());

        assertThat(text(PAGES.render("activate_gone", "nl", gone("expired"))))
                .contains("Deze activeringskoppeling is verlopen op 1 december 2026 om 02:16 UTC.");
        assertThat(text(PAGES.render("activate_used", "nl", used)))
                .contains("Met deze koppeling is het abonnement geactiveerd op 2 december 2026 om 02:12 UTC.");
        assertThat(text(PAGES.render("activate_used", "en", used)))
                .contains("This link was used to activate the subscription on 2 December 2026, 02:12 UTC.");
    }

    @Test
    void a_key_past_its_redeem_by_date_is_refused_with_the_date_in_the_pages_language() {
        assertThat(PAGES.say("nl", "redeem.error.redeemBy", List.of("…3CT3W", LocalDate.of(2020, 1, 1))))
                .isEqualTo("Productcode …3CT3W moest uiterlijk op 1 januari 2020 worden ingewisseld en kan niet meer worden gebruikt.");
        assertThat(PAGES.say("en", "redeem.error.redeemBy", List.of("…3CT3W", LocalDate.of(2020, 1, 1))))
                .isEqualTo("Product key …3CT3W had to be redeemed by 1 January 2020 and can no longer be used.");
    }

    @Test
    void a_mistyped_key_is_explained_in_the_pages_language_not_in_the_feeds_english() {
        InvalidProductKeyException shortKey = catchThrowableOfType(InvalidProductKeyException.class,
                () -> ProductKey.parse("BCDFG-HJKMP-QRTVW-XY234-6789"));
        InvalidProductKeyException badLetter = catchThrowableOfType(InvalidProductKeyException.class,
                () -> ProductKey.parse("BCDFG-HJKMP-QRTVW-XY234-678AB"));

        assertThat(formatError("nl", shortKey)).isEqualTo("Dit is geen geldige productcode: een productcode heeft 25 tekens en deze heeft er 24.");
        assertThat(formatError("en", shortKey)).isEqualTo("That is not a valid product key: " + shortKey.getMessage() + ".");
        assertThat(formatError("nl", badLetter)).isEqualTo(
                "Dit is geen geldige productcode: 'A' komt niet voor in productcodes (toegestaan: " + ProductKey.ALPHABET + ").");
        for (InvalidProductKeyException.Rule rule : InvalidProductKeyException.Rule.values()) {
            for (String locale : new String[] {"en", "nl"}) {
                String key = "redeem.error.format." + rule.name().toLowerCase(Locale.ROOT);
                assertThat(PAGES.text(locale, key)).as(locale + " " + key).isNotEqualTo(key);
            }
        }
    }

    private static String formatError(String locale, InvalidProductKeyException e) {
        return PAGES.say(locale, "redeem.error.format." + e.rule().name().toLowerCase(Locale.ROOT),
                List.of(e.detail(), ProductKey.ALPHABET));
    }

    @Test
    void the_revoked_link_page_after_a_new_administrator_says_the_link_was_replaced_and_who_has_the_new_one() {
        Map<String, Object> model = gone("administrator_replaced");
        model.put("adminName", "");
        model.put("adminEmail", "b…@fabrikam.example");

        String en = text(PAGES.render("activate_gone", "en", model));
        String nl = text(PAGES.render("activate_gone", "nl", model));

        assertThat(en).contains("This link was replaced", "The current online administrator, b…@fabrikam.example, "
                + "has been emailed a new activation link.").doesNotContain("anna@fabrikam.example", "Anna de Vries");
        assertThat(nl).contains("Deze koppeling is vervangen", "De huidige onlinebeheerder, b…@fabrikam.example,")
                .doesNotContain("anna@fabrikam.example");
    }

    @Test
    void the_products_page_names_the_organisation_and_labels_the_actions_column() {
        String html = PAGES.render("products", "nl", signedIn(Map.of("organisations", List.of(organisation("Fabrikam NV", 1)))));

        assertThat(html).contains("<h2>Fabrikam NV <span class=\"muted\">(fabrikam-nv.example)</span></h2>",
                "<th><span class=\"visually-hidden\">Acties</span></th>").doesNotContain("<th></th>");
    }

    @Test
    void the_terms_are_paragraphs_that_wrap_not_preformatted_lines() {
        String html = PAGES.render("activate", "en", activate(false, "en"));

        assertThat(html).doesNotContain("<pre").contains("<p>1. Parties. These terms apply between the organisation named on "
                + "this page (&quot;Customer&quot;) and the publisher of the online services");
    }

    static Stream<Arguments> everyMailInEveryLanguage() {
        return Stream.of(MessageKind.values()).flatMap(kind -> Stream.of(Arguments.of(kind, "en"), Arguments.of(kind, "nl")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyMailInEveryLanguage")
    void every_mail_reads_as_whole_sentences_with_dates_in_its_language(MessageKind kind, String locale) {
        RenderedMail mail = MAILS.render(kind, locale, MailModels.forKind(kind));

        for (String part : new String[] {mail.subject(), mail.text(), text(mail.html())}) {
            String prose = part.replaceAll("https?://\\S+", "URL");
            assertThat(prose).doesNotContainPattern(" [.,:;](\\s|$)").doesNotContainPattern(ISO_DATE.pattern())
                    .doesNotContainPattern("\\{\\d\\}");
            assertThat(SAME_BOTH_SIDES.matcher(prose).find()).as(prose).isFalse();
        }
    }

    @Test
    void the_replaced_administrator_is_told_in_a_short_mail() {
        RenderedMail nl = MAILS.render(MessageKind.ADMINISTRATOR_REPLACED, "nl", MailModels.forKind(MessageKind.ADMINISTRATOR_REPLACED));
        RenderedMail en = MAILS.render(MessageKind.ADMINISTRATOR_REPLACED, "en", MailModels.forKind(MessageKind.ADMINISTRATOR_REPLACED));

        assertThat(en.subject()).isEqualTo("You are no longer the online administrator for agreement V1234567");
        assertThat(nl.subject()).isEqualTo("U bent niet langer de onlinebeheerder voor overeenkomst V1234567");
        assertThat(nl.text()).contains("Beste Anna de Vries,", "Northwind Partners BV");
    }

    /** The text a reader sees, with every tag turned into a space (the harshest way HTML becomes text). */
    static String text(String html) {
        String noHead = html.replaceAll("(?s)<head>.*?</head>", " ");
        String spaced = noHead.replaceAll("<[^>]+>", " ");
        Matcher entities = Pattern.compile("&(amp|lt|gt|quot|#39);").matcher(spaced);
        StringBuilder out = new StringBuilder();
        while (entities.find()) {
            entities.appendReplacement(out, Matcher.quoteReplacement(switch (entities.group(1)) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                default -> "'";
            }));
        }
        entities.appendTail(out);
        return out.toString().replaceAll("\\s+", " ").trim();
    }

    private static Map<String, Object> agreement() {
        Map<String, Object> m = new HashMap<>();
        m.put("agreementNumber", "V1234567");
        m.put("customerName", "Fabrikam NV");
        m.put("tenant", "fabrikam.example");
        m.put("partnerName", "Northwind Partners BV");
        m.put("adminName", "Anna de Vries");
        m.put("adminEmail", "anna@fabrikam.example");
        return m;
    }

    private static Map<String, Object> activate(boolean mustTick, String locale) {
        Map<String, Object> m = agreement();
        m.put("products", List.of(Map.of("product", "Microsoft 365 Business Premium", "seats", 25, "termMonths", 12),
                Map.of("product", "Microsoft 365 Apps for business", "seats", 1, "termMonths", 1)));
        m.put("expires", "2027-01-01T02:16:00Z");
        m.put("termsText", PAGES.paragraphsEscapedOnce(TERMS.forLocale(locale).paragraphs()));
        m.put("termsVersion", "2026-01");
        m.put("csrf", "c");
        m.put("mustTick", mustTick);
        return m;
    }

    private static Map<String, Object> gone(String why) {
        Map<String, Object> m = agreement();
        m.put("why", why);
        m.put("expiredAt", "2026-12-01T02:16:00Z");
        m.put("csrf", "c");
        return m;
    }

    private static Map<String, Object> signedIn(Map<String, Object> model) {
        Map<String, Object> m = new HashMap<>(model);
        m.put("signedIn", true);
        m.put("adminEmail", "anna@fabrikam.example");
        m.put("csrf", "c");
        m.put("signoutCsrf", "c");
        return m;
    }

    private static Map<String, Object> organisation(String name, long id) {
        return Map.of("name", name, "tenant", name.toLowerCase().replace(' ', '-') + ".example", "subscriptions", List.of(
                Map.of("id", id, "product", "Microsoft 365 Business Premium", "seats", 25, "startDate", "2026-12-02",
                        "endDate", "2027-12-02", "state", "active")));
    }

    private static Map<String, Object> redeem(String action, Map<String, Object> extra) {
        Map<String, Object> m = signedIn(extra);
        m.put("subscription", Map.of("id", 7L, "product", "Microsoft 365 Business Premium", "seats", 25,
                "endDate", "2027-12-02", "customerName", "Fabrikam NV"));
        m.put("action", action);
        m.put("keys", List.of(Map.of("lastFive", "M3QFB", "seats", 5, "termMonths", 12)));
        return m;
    }

    private static Map<String, Object> change(int seatsBefore, int seatsAfter, String endBefore, String endAfter) {
        return Map.of("seatsBefore", seatsBefore, "seatsAfter", seatsAfter, "endBefore", endBefore, "endAfter", endAfter);
    }
}
