package io.activationworker.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.activationworker.testing.Feeds;
import io.activationworker.testing.HeadlessChromium;
import io.activationworker.testing.Mails;
import io.activationworker.testing.MutableClock;
import io.activationworker.testing.Portal;
import io.activationworker.testing.TestApp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Every page of the administrator's flows, in English and in Dutch, checked by axe-core (vendored
 * as one file, {@code src/test/resources/axe/axe.min.js}, from the npm package) against the WCAG 2
 * A and AA rules in the real headless Chromium: no violation anywhere. Each page is also saved as a
 * screenshot at phone width (390 px) and desktop width (1280 px) under {@code target/screenshots/}
 * for a reviewer to look at.
 */
class AccessibilityIT {

    private static final String ANNA = "anna@fabrikam.example";
    private static final String BRAM = "bram@contoso.example";
    private static final List<String> WCAG2_A_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MutableClock clock = MutableClock.now();
    private TestApp app;
    private HeadlessChromium chromium;
    private WebDriver browser;
    private String lang;
    private int step;
    private final List<String> violations = new ArrayList<>();
    private final List<String> checked = new ArrayList<>();

    @AfterEach
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"en", "nl"})
    void every_page_of_the_flows_passes_axe_cores_wcag_2_a_and_aa_rules(String language) {
        lang = language;
        app = TestApp.start(Map.of(), clock, true, true);
        chromium = new HeadlessChromium(390, 844, language);
        browser = chromium.driver;
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        app.importFeed("northwind.yaml", Feeds.twoOrganisations("Bram Jansen", BRAM)
                .replace("locale: nl", "locale: " + language).replace("locale: en", "locale: " + language));
        String annasLink = Mails.link(Portal.awaitMessage(app, ANNA, t -> t.contains("/activate/")), app.baseUrl + "/activate/");
        String bramsLink = Mails.link(Portal.awaitMessage(app, BRAM, t -> t.contains("/activate/")), app.baseUrl + "/activate/");

        // The check can fail: a page without a language and with an image without text is reported.
        browser.get("data:text/html,<!DOCTYPE html><html><head><title>x</title></head><body><main><img src='x.png'></main></body></html>");
        assertThat(axe("control page")).anySatisfy(v -> assertThat(v).contains("html-has-lang"))
                .anySatisfy(v -> assertThat(v).contains("image-alt"));

        open(app.baseUrl + "/");
        check("home");
        open(app.baseUrl + "/activate/" + "A".repeat(43));
        check("not-found");

        open(annasLink);
        check("activation");
        browser.findElement(By.name("accept")).click();
        browser.findElement(By.cssSelector("form.accept button[type=submit]")).click();
        waitFor(By.cssSelector("table.list"));
        check("products-activated");

        open(app.baseUrl + "/products/" + Portal.subscriptionId(app, "fabrikam.example") + "/redeem?action=extend");
        check("redeem-choose");
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        waitFor(By.id("key1")).sendKeys("BCDFG-HJKMP-QRTVW-XY234-6789B");
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        waitFor(By.cssSelector("p.error"));
        check("redeem-key-refused");
        browser.findElement(By.id("key1")).sendKeys(Feeds.RETAIL_1);
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        waitFor(By.cssSelector("form[action$='/redeem/confirm']"));
        check("redeem-review");
        browser.findElement(By.cssSelector("form[action$='/redeem/confirm'] button[type=submit]")).click();
        waitFor(By.cssSelector("p.notice"));
        check("redeem-done");
        open(app.baseUrl + "/products/" + Portal.subscriptionId(app, "fabrikam.example") + "/redeem?action=add&step=key");
        check("redeem-key-add");
        open(app.baseUrl + "/products");
        check("products");
        open(app.baseUrl + "/products/999999/redeem?action=extend");
        check("not-yours");
        open(annasLink);
        check("activation-used");

        // Bram is replaced by Carla: Bram's link now says so.
        app.importFeed("northwind.yaml", Feeds.twoOrganisations("Carla Smit", "carla@contoso.example")
                .replace("locale: nl", "locale: " + language).replace("locale: en", "locale: " + language));
        open(bramsLink);
        check("activation-replaced");

        // Carla's link, after it expired: ask for a new one.
        String carlasLink = Mails.link(Portal.awaitMessage(app, "carla@contoso.example", t -> t.contains("/activate/")),
                app.baseUrl + "/activate/");
        clock.advance(Duration.ofDays(31));
        open(carlasLink);
        check("activation-expired");
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        waitFor(By.cssSelector("main h1"));
        check("activation-renewed");

        browser.manage().deleteAllCookies();
        open(app.baseUrl + "/signin");
        check("signin");
        browser.findElement(By.id("email")).sendKeys(ANNA);
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        waitFor(By.cssSelector("p.notice"));
        check("signin-sent");
        String signinLink = Mails.link(Portal.awaitMessage(app, ANNA, t -> t.contains("/signin/")), app.baseUrl + "/signin/");
        open(signinLink);
        check("signin-link");

        assertThat(checked).hasSize(18);
        assertThat(violations).as("axe-core WCAG 2 A/AA violations (%s)", lang).isEmpty();
    }

    private void open(String url) {
        browser.get(url);
        waitFor(By.tagName("main"));
    }

    private org.openqa.selenium.WebElement waitFor(By what) {
        return new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.visibilityOfElementLocated(what));
    }

    /** Runs axe-core on the page as it is now and saves it at phone and desktop width. */
    private void check(String page) {
        step++;
        String name = "a11y-%s-%02d-%s".formatted(lang, step, page);
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).as(page).isEqualTo(lang);
        chromium.screenshot(name + "-phone");
        List<String> phone = axe(page + " (phone)");
        phone.forEach(v -> System.err.println("AXE " + lang + " " + v));
        violations.addAll(phone);
        chromium.resize(1280, 900);
        chromium.screenshot(name + "-desktop");
        violations.addAll(axe(page + " (desktop)"));
        chromium.resize(390, 844);
        checked.add(page);
    }

    private List<String> axe(String page) {
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(AxeSource.TEXT);
        Object result = ((org.openqa.selenium.JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
                   .then(r => done(JSON.stringify(r.violations)))
                   .catch(e => done('axe failed: ' + e));
                """, WCAG2_A_AA);
        String json = String.valueOf(result);
        assertThat(json).as(page).startsWith("[");
        List<String> found = new ArrayList<>();
        try {
            for (JsonNode v : JSON.readTree(json)) {
                List<String> targets = new ArrayList<>();
                v.path("nodes").forEach(n -> targets.add(n.path("target").toString() + " " + n.path("failureSummary").asText()
                        .replace('\n', ' ')));
                found.add("%s: %s — %s (%s) at %s".formatted(page, v.path("id").asText(), v.path("help").asText(),
                        v.path("impact").asText(), targets));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** axe-core 4, vendored from the npm registry (npm pack axe-core@4), MPL-2.0. */
    private static final class AxeSource {
        static final String TEXT = load();

        private static String load() {
            try (InputStream in = AccessibilityIT.class.getResourceAsStream("/axe/axe.min.js")) {
                assertThat(in).as("src/test/resources/axe/axe.min.js").isNotNull();
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
