package io.activationworker.agreements;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.Feeds;
import io.activationworker.testing.HeadlessChromium;
import io.activationworker.testing.Mails;
import io.activationworker.testing.OpenIdProvider;
import io.activationworker.testing.Portal;
import io.activationworker.testing.TestApp;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 15 in a real browser (Debian's Chromium, headless, at a phone's size): activation through
 * the OpenID provider's own login page, and the Dutch portal end to end — sign in by emailed
 * link, Agreements, accept, Your products, extend, add licences, review, Inwisselen. Screenshots
 * go to {@code target/screenshots/}.
 */
class PortalBrowserIT {

    private static final String ANNA = "anna@fabrikam.example";

    private TestApp app;
    private OpenIdProvider provider;
    private HeadlessChromium chromium;
    private WebDriver browser;
    private int step;

    @AfterEach
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (app != null) {
            app.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void the_administrator_activates_through_the_providers_own_login_page() {
        provider = new OpenIdProvider(true);
        app = TestApp.start(provider.settings("Fabrikam ID"), Clock.systemUTC(), true, true);
        chromium = new HeadlessChromium(390, 844);
        browser = chromium.driver;
        app.importFeed("northwind.yaml", Feeds.standard().replace("locale: nl", "locale: en"));
        String link = Mails.link(Portal.awaitMessage(app, ANNA, t -> t.contains("/activate/")), app.baseUrl + "/activate/");

        browser.get(link);
        assertThat(browser.findElements(By.name("accept"))).isEmpty();
        screenshot("oidc-activation-page");
        click(browser.findElement(By.linkText("Sign in with your work or school account to accept")));

        // The provider's own page (its first page is slow on a loaded machine): any subject, and the claims of its token.
        WebElement username;
        try {
            username = new WebDriverWait(browser, Duration.ofSeconds(40))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no login form at " + browser.getCurrentUrl() + ":\n" + browser.getPageSource(), e);
        }
        assertThat(browser.getCurrentUrl()).startsWith(provider.issuer());
        username.sendKeys("anna");
        browser.findElement(By.name("claims")).sendKeys("{\"email\": \"Anna@Fabrikam.Example\", \"email_verified\": true}");
        screenshot("oidc-provider-login");
        click(browser.findElement(By.cssSelector("input[type=submit]")));

        waitForTitle("Activate your subscription");
        assertThat(browser.getCurrentUrl()).isEqualTo(link);
        assertThat(text()).contains("Signed in as " + ANNA);
        screenshot("oidc-back-signed-in");
        browser.findElement(By.name("accept")).click();
        click(button("Sign in and accept"));
        waitForTitle("Your products");
        assertThat(text()).contains("Activated", Feeds.PREMIUM);
        screenshot("oidc-activated");
        assertThat(app.text("select admin_email from acceptance")).isEqualTo(ANNA);
    }

    @Test
    void the_dutch_portal_end_to_end_from_sign_in_to_inwisselen() {
        app = TestApp.start(Map.of(), Clock.systemUTC(), true, true);
        chromium = new HeadlessChromium(390, 844, "nl-NL");
        browser = chromium.driver;
        app.importFeed("northwind.yaml", Feeds.standard());
        Portal.awaitMessage(app, ANNA, t -> t.contains("/activate/"));

        // Sign in by emailed link.
        Set<String> seen = Portal.receivedIds(app);
        browser.get(app.baseUrl + "/signin");
        waitForTitle("Aanmelden");
        browser.findElement(By.id("email")).sendKeys(ANNA);
        click(button("Mail mij een aanmeldkoppeling"));
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> d.findElement(By.cssSelector("p.notice")).isDisplayed());
        String signinLink = Mails.link(Portal.awaitMessage(app, seen, ANNA, t -> t.contains("/signin/")),
                app.baseUrl + "/signin/");
        browser.get(signinLink);
        click(button("Aanmelden"));

        // Nothing active yet: Agreements (Overeenkomsten), with the pending activation.
        waitForTitle("Overeenkomsten");
        assertThat(text()).contains("Uw producten", "Overeenkomsten", "V1234567", "Wacht op activering", Feeds.PREMIUM);
        screenshot("nl-overeenkomsten");
        click(browser.findElement(By.linkText("Voorwaarden bekijken en accepteren")));
        waitForTitle("Uw abonnement activeren");
        browser.findElement(By.name("accept")).click();
        screenshot("nl-voorwaarden");
        click(button("Aanmelden en accepteren"));
        waitForTitle("Uw producten");
        assertThat(text()).contains(Feeds.PREMIUM, "Actief");
        screenshot("nl-uw-producten");

        // Extend the end date with a retail key, then add licences with another.
        click(browser.findElement(By.linkText("Einddatum verlengen")));
        waitForTitle("Einddatum verlengen");
        click(button("Volgende"));
        keyField().sendKeys(Feeds.RETAIL_1);
        click(button("Volgende"));
        waitForTitle("Uw bestelgegevens bekijken");
        screenshot("nl-bestelgegevens");
        click(button("Inwisselen"));
        waitForTitle("Productcode ingewisseld");
        browser.get(app.baseUrl + "/products");
        waitForTitle("Uw producten");

        click(browser.findElement(By.linkText("Licenties toevoegen")));
        waitForTitle("Licenties toevoegen");
        click(button("Volgende"));
        keyField().sendKeys(Feeds.RETAIL_2.toLowerCase(java.util.Locale.ROOT));
        click(button("Volgende"));
        waitForTitle("Uw bestelgegevens bekijken");
        click(button("Inwisselen"));
        waitForTitle("Productcode ingewisseld");
        screenshot("nl-ingewisseld");
        assertThat(app.text("select seats || ' ' || state from subscription")).isEqualTo("35 active");
        assertThat(app.count("select count(*) from key_redemption where action in ('extend', 'add')")).isEqualTo(2);

        // The agreement now reads as activated, with the terms text accepted.
        browser.get(app.baseUrl + "/agreements");
        waitForTitle("Overeenkomsten");
        assertThat(text()).contains("Geactiveerd op", ANNA, "Versie van de voorwaarden: 2026-01");
        click(browser.findElement(By.linkText("De geaccepteerde tekst van de voorwaarden")));
        waitForTitle("Geaccepteerde voorwaarden");
        screenshot("nl-geaccepteerde-tekst");
    }

    private WebElement keyField() {
        return new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[name=key1]")));
    }

    private WebElement button(String label) {
        return browser.findElement(By.xpath("//button[normalize-space()='" + label + "']"));
    }

    private void click(WebElement element) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(element)).click();
    }

    private void waitForTitle(String title) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.titleContains(title));
    }

    private String text() {
        return browser.findElement(By.tagName("body")).getText();
    }

    private void screenshot(String name) {
        step++;
        chromium.screenshot("issue15-%02d-%s".formatted(step, name));
    }
}
